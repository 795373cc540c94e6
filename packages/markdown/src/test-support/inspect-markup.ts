import { Window } from 'happy-dom';

/** What an XSS check needs to know about rendered markup, read with a real HTML parser. */
export interface MarkupInspection {
  /** Every element's local name. */
  elements: string[];
  /** Every attribute as `element attribute=value`. */
  attributes: { element: string; name: string; value: string }[];
  /** The text a reader sees. */
  text: string;
}

export function inspectMarkup(markup: string): MarkupInspection {
  const window = new Window();
  try {
    // The markup under test is parsed, never rendered: a parser reads what a browser would build.
    const container = new window.DOMParser().parseFromString(`<body>${markup}</body>`, 'text/html').body;
    const elements: string[] = [];
    const attributes: MarkupInspection['attributes'] = [];
    for (const element of container.querySelectorAll('*')) {
      elements.push(element.localName);
      for (const attribute of element.attributes) attributes.push({ element: element.localName, name: attribute.name, value: attribute.value ?? '' });
    }
    return { elements, attributes, text: container.textContent ?? '' };
  } finally {
    void window.happyDOM.close();
  }
}

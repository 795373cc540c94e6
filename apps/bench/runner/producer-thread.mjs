// The mock producer in a worker thread of its own. In the runner's thread, a burst's writes held
// the event loop for the whole burst, so the key presses meant for every 100 ms went out once the
// burst was over. Plain JavaScript (the producer is imported built): tsx's loader does not reach
// worker threads on Node 20. The runner reads the stats over HTTP (`GET /stats`) and ends the
// thread with `terminate()`.
import { createProducerServer } from '@sluice/mock-producer/server';
import { parentPort } from 'node:worker_threads';

const producer = createProducerServer({ log: false, historyLimit: 1000 });
const { url } = await producer.listen(0, '127.0.0.1');
parentPort?.postMessage({ url });

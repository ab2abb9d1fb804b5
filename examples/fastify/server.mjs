// `npm run build && node examples/fastify/server.mjs`, then open http://localhost:3000/
import { app } from './app.mjs';

const port = Number(process.env.PORT ?? 3000);
const address = await app.listen({ port });
console.log(`Fastify example on ${address}/`);

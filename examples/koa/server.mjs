// `npm run build && node examples/koa/server.mjs`, then open http://localhost:3000/
import { app } from './app.mjs';

const port = Number(process.env.PORT ?? 3000);
app.listen(port, () => console.log(`Koa example on http://localhost:${port}/`));

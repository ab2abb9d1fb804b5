// `npm run build && node examples/express/server.mjs`, then open http://localhost:3000/
import { app } from './app.mjs';

const port = Number(process.env.PORT ?? 3000);
app.listen(port, (err) => {
  if (err) throw err;
  console.log(`Express example on http://localhost:${port}/`);
});

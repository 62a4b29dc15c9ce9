// A payment callback endpoint on plain node:http: OK calls it with GET when a user pays in the app, and credits the
// purchase only when the answer says so. Register its URL in the app's settings on ok.ru.
// Run: OKRU_APP_SECRET_KEY=... PORT=8080 npm run example examples/payment-callback.ts
import { createServer } from 'node:http';
import {
  PAYMENT_CALLBACK_ERRORS,
  paymentCallbackError,
  paymentCallbackSuccess,
  verifyPaymentCallback,
  type PaymentCallbackAnswer,
} from 'okru';

const appSecretKey = process.env.OKRU_APP_SECRET_KEY;
if (!appSecretKey) {
  console.error('Set OKRU_APP_SECRET_KEY to the application secret key.');
  process.exit(1);
}
const port = Number(process.env.PORT ?? 8080);

function answer(query: URLSearchParams): PaymentCallbackAnswer {
  if (!verifyPaymentCallback(query, appSecretKey!)) {
    return paymentCallbackError(PAYMENT_CALLBACK_ERRORS.PARAM_SIGNATURE, 'Invalid request signature');
  }
  // Here the app checks that product_code exists and amount is its price (else CALLBACK_INVALID_PAYMENT), then credits
  // the purchase to uid, idempotently by transaction_id: OK retries up to 3 times, so the same one can come again
  // and must be answered with success without crediting twice.
  return paymentCallbackSuccess();
}

const server = createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://localhost');
  let reply: PaymentCallbackAnswer;
  try {
    reply = answer(url.searchParams);
  } catch (err) {
    console.error(err);
    // A temporary failure: OK tries again a little later.
    reply = paymentCallbackError(PAYMENT_CALLBACK_ERRORS.SERVICE, 'Service temporarily unavailable');
  }
  res.writeHead(reply.status, reply.headers).end(reply.body);
});

server.listen(port, () => {
  const address = server.address();
  console.log(`payment callback listening on port ${typeof address === 'object' && address ? address.port : port}`);
});

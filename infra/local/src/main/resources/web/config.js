// Where the pages find the flash-checkout API. Empty: the origin that serves the pages (the local stack serves both).
// Deployed as static files elsewhere, set the API's URL here, e.g.
//   window.FLASH_CHECKOUT = { api: "https://abc123.execute-api.eu-west-1.amazonaws.com" };
// A page's ?api=<url> query parameter overrides it.
window.FLASH_CHECKOUT = { api: "" };

// The few lines both pages use to call the API: the bearer token, JSON in and out, and refusals (RFC 9457 problems)
// thrown as errors that keep their status, problem body and Retry-After.
const FlashApi = (() => {
  const query = new URLSearchParams(location.search);
  // tokens may come in the fragment (#token=...), which the browser never sends to a server
  const fragment = new URLSearchParams(location.hash.slice(1));
  const configured = (window.FLASH_CHECKOUT && window.FLASH_CHECKOUT.api) || "";
  const base = (query.get("api") || configured).replace(/\/+$/, "");
  const listeners = [];

  async function call(method, path, { token, body, headers = {} } = {}) {
    const sent = { ...headers };
    if (token) sent["Authorization"] = "Bearer " + token;
    if (body !== undefined) sent["Content-Type"] = "application/json";
    const response = await fetch(base + path, {
      method,
      headers: sent,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    let json = null;
    try { json = text ? JSON.parse(text) : null; } catch (ignored) { /* not JSON */ }
    listeners.forEach((listen) => listen({ method, path, status: response.status, body, headers }));
    if (!response.ok) {
      const error = new Error((json && (json.detail || json.title || json.message)) || "HTTP " + response.status);
      error.status = response.status;
      error.problem = json;
      error.retryAfter = Number(response.headers.get("Retry-After")) || null;
      throw error;
    }
    return { status: response.status, body: json, retryAfter: Number(response.headers.get("Retry-After")) || null };
  }

  return {
    base: base || location.origin,
    call,
    param: (name) => query.get(name) || fragment.get(name),
    onCall: (listen) => listeners.push(listen),
  };
})();

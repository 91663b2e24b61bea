// The shopper's journey, one API call per step: read the sale (no token), join its waiting room when it has one and
// poll it as Retry-After says, reserve (with an Idempotency-Key, kept for retries), pay with a simulator test card,
// read the order, cancel it (a paid order is refunded).
(() => {
  const $ = (id) => document.getElementById(id);
  let sale = null;
  let token = null;
  let order = null;
  let ticket = null;
  let admission = null;
  let reserveKey = null;

  $("api-base").textContent = FlashApi.base;
  $("sale-id").value = FlashApi.param("sale") || $("sale-id").value;
  $("shopper-token").value = FlashApi.param("token") || sessionStorage.getItem("flash-checkout-shopper-token") || "";
  FlashApi.onCall(({ method, path, status }) => {
    const line = document.createElement("div");
    line.textContent = `${new Date().toLocaleTimeString()}  ${method} ${path} -> ${status}`;
    $("calls").prepend(line);
  });

  function say(text, kind) {
    $("message").textContent = text;
    $("message").className = kind || "";
  }

  $("settings").addEventListener("submit", async (event) => {
    event.preventDefault();
    token = $("shopper-token").value.trim();
    sessionStorage.setItem("flash-checkout-shopper-token", token);
    try {
      sale = (await FlashApi.call("GET", `/sales/${$("sale-id").value.trim()}`)).body;
      showSale();
    } catch (error) {
      say("no such sale: " + error.message, "bad");
    }
  });

  function showSale() {
    $("title").textContent = sale.title;
    $("price").textContent = `${sale.price.amount} ${sale.price.currency}`;
    $("available").textContent = sale.available;
    $("sale-status").textContent = sale.status;
    $("window").textContent = `${new Date(sale.opensAt).toLocaleString()} – ${new Date(sale.closesAt).toLocaleString()}`;
    $("quantity").max = sale.perCustomerLimit;
    $("queue-tile").hidden = !sale.admission;
    $("join").hidden = !sale.admission;
  }

  // the countdown to opensAt, once a second
  setInterval(() => {
    if (!sale) return;
    const left = Math.max(0, Math.round((new Date(sale.opensAt) - Date.now()) / 1000));
    $("countdown").textContent = left === 0 ? "open" : [left / 3600, (left % 3600) / 60, left % 60]
      .map((n) => String(Math.floor(n)).padStart(2, "0")).join(":");
    if (order && order.status === "RESERVED" && order.holdExpiresAt) {
      const hold = Math.max(0, Math.round((new Date(order.holdExpiresAt) - Date.now()) / 1000));
      $("hold-ends").textContent = `${new Date(order.holdExpiresAt).toLocaleTimeString()} (in ${hold} s)`;
    }
  }, 1000);

  $("join").addEventListener("click", async () => {
    try {
      const headers = ticket ? { "Queue-Ticket": ticket } : {};
      const joined = await FlashApi.call("POST", `/sales/${sale.saleId}/queue`, { token, headers });
      ticket = joined.body.ticket;
      $("join").disabled = true;
      poll(joined.retryAfter || 1);
    } catch (error) {
      say("could not join: " + error.message, "bad");
    }
  });

  // GET the standing again after Retry-After seconds, until it is someone's turn or the sale is over
  function poll(seconds) {
    setTimeout(async () => {
      try {
        const standing = await FlashApi.call("GET", `/sales/${sale.saleId}/queue`, { token, headers: { "Queue-Ticket": ticket } });
        const s = standing.body;
        $("queue-status").textContent = s.status;
        $("queue-note").textContent = s.status === "WAITING"
          ? `rank ${s.rank}, serving ${s.servingRank}` + (s.waitSeconds != null ? `, about ${s.waitSeconds} s` : "")
          : s.status === "YOUR_TURN" ? `reserve before ${new Date(s.admissionExpiresAt).toLocaleTimeString()}` : "";
        if (s.status === "YOUR_TURN") {
          admission = s.admissionToken;
          say("your turn: reserve now", "ok");
        } else if (s.status !== "SOLD_OUT" && s.status !== "CLOSED") {
          poll(standing.retryAfter || s.retryAfterSeconds || 2);
        }
      } catch (error) {
        say("the queue answered: " + error.message, "bad");
      }
    }, seconds * 1000);
  }

  $("buy").addEventListener("submit", async (event) => {
    event.preventDefault();
    reserveKey = reserveKey || crypto.randomUUID(); // the same key on a retry gets the same order, never a second
    const headers = { "Idempotency-Key": reserveKey };
    if (admission) headers["Admission-Token"] = admission;
    try {
      const reserved = await FlashApi.call("POST", `/sales/${sale.saleId}/reservations`,
        { token, headers, body: { quantity: Number($("quantity").value) } });
      reserveKey = null;
      showOrder(reserved.body);
      say("reserved: pay before the hold ends", "ok");
    } catch (error) {
      if (error.status !== 503) reserveKey = null; // busy: nothing written, send it again with the same key
      say("reserve refused: " + error.message, "bad");
    }
  });

  $("pay-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const paymentToken = `${$("card-outcome").value}_${$("card-name").value.trim()}`;
    try {
      showOrder((await FlashApi.call("POST", `/orders/${order.orderId}/payment`, { token, body: { paymentToken } })).body);
      say(order.status === "PAID" ? "paid: thank you" : "payment pending: refresh the order", "ok");
    } catch (error) {
      say("payment refused: " + error.message, "bad");
      refreshOrder();
    }
  });

  $("refresh-order").addEventListener("click", () => refreshOrder());

  $("cancel").addEventListener("click", async () => {
    try {
      showOrder((await FlashApi.call("POST", `/orders/${order.orderId}/cancel`, { token })).body);
      say(order.status === "REFUND_PENDING" ? "cancelled: the refund is on its way (refresh to see REFUNDED)" : "cancelled", "ok");
    } catch (error) {
      say("cancel refused: " + error.message, "bad");
    }
  });

  async function refreshOrder() {
    try {
      showOrder((await FlashApi.call("GET", `/orders/${order.orderId}`, { token })).body);
    } catch (error) {
      say("could not read the order: " + error.message, "bad");
    }
  }

  function showOrder(o) {
    order = o;
    $("order-id").textContent = o.orderId;
    $("order-status").textContent = o.status;
    $("order-status").className = "status " + (o.status === "PAID" || o.status === "REFUNDED" ? "ok" : "");
    $("order-amount").textContent = `${o.quantity} · ${o.amount ? o.amount.amount + " " + o.amount.currency : "–"}`;
    if (o.status !== "RESERVED") $("hold-ends").textContent = "–";
    $("pay").disabled = o.status !== "RESERVED";
    $("refresh-order").disabled = false;
    $("cancel").disabled = !(o.status === "RESERVED" || o.status === "PAID");
  }

  if ($("shopper-token").value) $("settings").requestSubmit();
})();

// The operator console: polls GET /admin/sales/{id}/live and GET /admin/sales/{id}/review with the admin token the
// operator pasted, and cancels a review cluster with POST /admin/sales/{id}/review/cancel. The admin API only.
(() => {
  const REFRESH_MS = 2000;
  const HISTORY = 60;
  const $ = (id) => document.getElementById(id);
  let saleId = null;
  let token = null;
  let timer = null;
  const stockChart = new Chart($("stock-chart"), {
    type: "line",
    data: { labels: [], datasets: [
      { label: "stock left", data: [], borderColor: "#1d2330", yAxisID: "units", pointRadius: 0 },
      { label: "reservations/s", data: [], borderColor: "#b54708", yAxisID: "rate", pointRadius: 0 },
    ] },
    options: { animation: false, scales: {
      units: { position: "left", beginAtZero: true }, rate: { position: "right", beginAtZero: true, grid: { drawOnChartArea: false } },
    } },
  });
  const statusChart = new Chart($("status-chart"), {
    type: "bar",
    data: { labels: [], datasets: [{ label: "units", data: [], backgroundColor: "#667085" }] },
    options: { animation: false, plugins: { legend: { display: false } }, scales: { y: { beginAtZero: true } } },
  });

  $("api-base").textContent = FlashApi.base;
  $("every").textContent = REFRESH_MS / 1000;
  $("sale-id").value = FlashApi.param("sale") || $("sale-id").value;
  $("admin-token").value = FlashApi.param("token") || sessionStorage.getItem("flash-checkout-admin-token") || "";

  $("settings").addEventListener("submit", (event) => {
    event.preventDefault();
    saleId = $("sale-id").value.trim();
    token = $("admin-token").value.trim();
    sessionStorage.setItem("flash-checkout-admin-token", token);
    stockChart.data.labels = [];
    stockChart.data.datasets.forEach((d) => (d.data = []));
    clearInterval(timer);
    shownReview = null;
    refresh();
    timer = setInterval(refresh, REFRESH_MS);
  });

  function say(text, kind) {
    $("message").textContent = text;
    $("message").className = kind || "";
  }

  async function refresh() {
    try {
      const [live, review] = await Promise.all([
        FlashApi.call("GET", `/admin/sales/${saleId}/live`, { token }),
        FlashApi.call("GET", `/admin/sales/${saleId}/review`, { token }),
      ]);
      showLive(live.body);
      showReview(review.body);
      $("updated").textContent = "updated " + new Date().toLocaleTimeString();
    } catch (error) {
      say(`could not read sale ${saleId}: ${error.message}`, "bad");
      if (error.status === 401 || error.status === 403 || error.status === 404) clearInterval(timer);
    }
  }

  function showLive(live) {
    const sale = live.sale;
    $("stock-left").textContent = sale.available;
    $("stock-total").textContent = sale.stockLoaded;
    $("sale-status").textContent = sale.status;
    $("sale-status").className = "status " + (sale.status === "OPEN" ? "ok" : sale.status === "SOLD_OUT" ? "bad" : "muted");
    $("rate").textContent = live.reservationsPerSecond.toFixed(1);
    $("recent-seconds").textContent = live.recentSeconds;
    $("paid").textContent = live.payments.paid;
    $("paying").textContent = live.payments.paying;
    $("declined").textContent = live.payments.declined;
    $("refunds-pending").textContent = live.refundsPending.orders;
    $("refunds-units").textContent = live.refundsPending.units;
    $("holds-ending").textContent = live.holdsEndingSoon.units;
    $("ending-seconds").textContent = live.endingSoonSeconds;
    const dlqTotal = live.deadLetters.reduce((sum, q) => sum + q.messages, 0);
    $("dlq-total").textContent = dlqTotal;
    $("dlq-total").className = "value " + (dlqTotal > 0 ? "bad" : "");
    $("dlq").textContent = live.deadLetters.map((q) => `${q.queue} ${q.messages}`).join(" · ");
    showPools(sale.pools || sale.channels);

    const time = new Date(live.at).toLocaleTimeString();
    stockChart.data.labels.push(time);
    stockChart.data.datasets[0].data.push(sale.available);
    stockChart.data.datasets[1].data.push(live.reservationsPerSecond);
    if (stockChart.data.labels.length > HISTORY) {
      stockChart.data.labels.shift();
      stockChart.data.datasets.forEach((d) => d.data.shift());
    }
    stockChart.update();
    statusChart.data.labels = Object.keys(live.ordersByStatus);
    statusChart.data.datasets[0].data = Object.values(live.ordersByStatus).map((c) => c.units);
    statusChart.update();
  }

  // Channel pools, when the sale has them: whatever array the sale answers, each entry with a name and its units
  function showPools(pools) {
    $("pools-panel").hidden = !Array.isArray(pools) || pools.length === 0;
    if ($("pools-panel").hidden) return;
    $("pools").replaceChildren(...pools.map((pool) => row([
      pool.name || pool.channel || pool.pool, pool.available ?? pool.left ?? "–", pool.stock ?? pool.stockLoaded ?? "–",
    ])));
  }

  let shownReview = null;

  function showReview(review) {
    $("cluster-count").textContent = review.clusterCount;
    // redrawn only when the clusters changed, so a button is not swapped under the operator's click
    const key = JSON.stringify(review.clusters.map((c) => [c.clusterId, c.units, c.customers, c.orderCount, c.reasons]));
    if (key === shownReview) return;
    shownReview = key;
    $("clusters").replaceChildren(...review.clusters.map((cluster) => {
      const why = cluster.reasons.map((r) => `${r.signal} ${r.value}: ${r.units} units, ${r.customers} accounts`).join("; ");
      const tr = row([cluster.clusterId, cluster.units, cluster.customers, cluster.orderCount, why]);
      tr.dataset.cluster = cluster.clusterId;
      const button = document.createElement("button");
      button.className = "danger cancel-cluster";
      button.textContent = "Cancel cluster";
      button.addEventListener("click", () => cancelCluster(cluster.clusterId, button));
      const cell = document.createElement("td");
      cell.append(button);
      tr.append(cell);
      return tr;
    }));
  }

  async function cancelCluster(clusterId, button) {
    const reason = prompt(`Cancel every order of ${clusterId}? Paid ones are refunded. Reason (kept in the admin log):`,
      "unusual activity");
    if (!reason) return;
    button.disabled = true;
    try {
      let cancelled = 0;
      let remaining = 1;
      for (let call = 0; remaining > 0 && call < 100; call++) { // at most 100 orders a call: again until none is left
        const answer = await FlashApi.call("POST", `/admin/sales/${saleId}/review/cancel`,
          { token, body: { cluster: clusterId, reason } });
        cancelled += answer.body.results.length;
        remaining = answer.body.remaining;
      }
      say(`cluster ${clusterId} cancelled: ${cancelled} orders (paid ones are being refunded)`, "ok");
      refresh();
    } catch (error) {
      say(`could not cancel ${clusterId}: ${error.message}`, "bad");
      button.disabled = false;
    }
  }

  function row(cells) {
    const tr = document.createElement("tr");
    cells.forEach((value) => {
      const td = document.createElement("td");
      td.textContent = value;
      tr.append(td);
    });
    return tr;
  }

  if ($("admin-token").value) $("settings").requestSubmit();
})();

package io.flashcheckout.local.rehearse;

/** The API routes a rehearsal calls, as the report names them. */
enum Route {
    CREATE_SALE("POST /admin/sales"),
    RESERVE("POST /sales/{id}/reservations"),
    PAY("POST /orders/{id}/payment"),
    CANCEL("POST /orders/{id}/cancel"),
    ADMIN_GET_ORDER("GET /admin/orders/{id}"),
    GET_SALE("GET /sales/{id}"),
    JOIN_QUEUE("POST /sales/{id}/queue"),
    QUEUE_STANDING("GET /sales/{id}/queue");

    final String label;

    Route(String label) {
        this.label = label;
    }
}

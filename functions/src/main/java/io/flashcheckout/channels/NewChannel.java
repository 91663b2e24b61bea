package io.flashcheckout.channels;

import java.util.List;

/** A channel as an admin defines it in the sale body: {@code {"name": "lazada", "stock": 20000, "clients": ["..."]}}. */
public record NewChannel(String name, Long stock, List<String> clients) {}

package dev.provision.armlab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Subscription-level Compute catalogs: Resource SKUs (paged with nextLink) and usages per location. */
final class CatalogHandler {
    private static final Pattern LOCATION_FILTER = Pattern.compile("^\\s*location\\s+eq\\s+'([^']*)'\\s*$",
            Pattern.CASE_INSENSITIVE);
    private final ArmContext ctx;

    CatalogHandler(ArmContext ctx) {
        this.ctx = ctx;
    }

    /**
     * {@code GET .../providers/Microsoft.Compute/skus?$filter=location eq 'x'}. Only the location filter exists
     * (Azure ignores nothing silently here, neither does the emulator). Pages carry a {@code nextLink}.
     */
    ArmResponse skus(ArmRequest req) {
        String filter = req.param("$filter");
        List<JsonNode> skus;
        if (filter == null || filter.isBlank()) {
            skus = ctx.skus.allSkus();
        } else {
            Matcher matcher = LOCATION_FILTER.matcher(filter);
            if (!matcher.matches()) {
                throw ArmException.badRequest("InvalidFilter",
                        "Only the filter \"location eq '<location>'\" is supported; got: " + filter);
            }
            skus = ctx.skus.skus(matcher.group(1));
        }
        int offset = parseSkipToken(req.param("$skiptoken"));
        int end = Math.min(skus.size(), offset + ctx.skuPageSize);
        ObjectNode body = Json.object();
        ArrayNode value = body.putArray("value");
        for (int i = offset; i < end; i++) {
            value.add(skus.get(i));
        }
        if (end < skus.size()) {
            StringBuilder next = new StringBuilder(ctx.endpoint).append(req.path)
                    .append("?api-version=").append(encode(req.apiVersion()));
            if (filter != null) {
                next.append("&$filter=").append(encode(filter));
            }
            next.append("&$skiptoken=").append(end);
            body.put("nextLink", next.toString());
        }
        return ArmResponse.ok(body);
    }

    ArmResponse usages(ArmRequest req) {
        return ArmResponse.ok(ctx.quotas.usages(req.var("location"), ctx.state.vms()));
    }

    private static int parseSkipToken(String token) {
        if (token == null) {
            return 0;
        }
        try {
            return Math.max(0, Integer.parseInt(token));
        } catch (NumberFormatException e) {
            throw ArmException.badRequest("InvalidSkipToken", "The skip token '" + token + "' is not valid.");
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}

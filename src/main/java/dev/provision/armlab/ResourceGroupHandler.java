package dev.provision.armlab;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** {@code resourcegroups/{name}}: PUT (201 new, 200 existing), GET, HEAD (204/404), list. Synchronous, as in ARM. */
final class ResourceGroupHandler {
    private final ArmContext ctx;

    ResourceGroupHandler(ArmContext ctx) {
        this.ctx = ctx;
    }

    ArmResponse createOrUpdate(ArmRequest req) {
        String name = req.var("rg");
        ObjectNode body = req.jsonBody();
        String location = body.path("location").asText(null);
        if (location == null) {
            throw VmRules.missing("location");
        }
        ObjectNode existing = ctx.state.resourceGroup(name);
        ObjectNode group = render(ctx.state.subscriptionId, existing == null ? name : existing.path("name").asText(),
                existing == null ? location : existing.path("location").asText());
        if (body.has("tags")) {
            group.set("tags", body.get("tags").deepCopy());
        } else if (existing != null && existing.has("tags")) {
            group.set("tags", existing.get("tags").deepCopy());
        }
        ctx.state.putResourceGroup(name, group);
        return existing == null ? ArmResponse.created(group) : ArmResponse.ok(group);
    }

    static ObjectNode render(String subscriptionId, String name, String location) {
        ObjectNode group = Json.object();
        group.put("id", "/subscriptions/" + subscriptionId + "/resourceGroups/" + name);
        group.put("name", name);
        group.put("type", "Microsoft.Resources/resourceGroups");
        group.put("location", location);
        group.putObject("properties").put("provisioningState", "Succeeded");
        return group;
    }

    ArmResponse get(ArmRequest req) {
        return ArmResponse.ok(ctx.state.requireResourceGroup(req.var("rg")));
    }

    ArmResponse exists(ArmRequest req) {
        return ArmResponse.empty(ctx.state.resourceGroup(req.var("rg")) == null ? 404 : 204);
    }

    ArmResponse list(ArmRequest req) {
        ObjectNode body = Json.object();
        ArrayNode value = body.putArray("value");
        ctx.state.resourceGroups().forEach(value::add);
        return ArmResponse.ok(body);
    }
}

package dev.provision.armlab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * The network resources a VM needs: virtual networks (with subnets), network interfaces, public IPs and
 * security groups. PUT answers as the Network RP does (201/200, provisioningState, Azure-AsyncOperation);
 * the emulator keeps what was sent and fills the ids, etags and addresses Azure adds.
 */
final class NetworkHandler {
    private static final Map<String, String> TYPES = Map.of(
            "virtualnetworks", "virtualNetworks",
            "networkinterfaces", "networkInterfaces",
            "publicipaddresses", "publicIPAddresses",
            "networksecuritygroups", "networkSecurityGroups");
    private final ArmContext ctx;
    private int nextHost = 4;

    NetworkHandler(ArmContext ctx) {
        this.ctx = ctx;
    }

    static boolean serves(String type) {
        return TYPES.containsKey(type.toLowerCase(Locale.ROOT));
    }

    ArmResponse createOrUpdate(ArmRequest req) {
        String rg = req.var("rg");
        ctx.state.requireResourceGroup(rg);
        String type = TYPES.get(req.var("type").toLowerCase(Locale.ROOT));
        String name = req.var("name");
        ObjectNode body = req.jsonBody();
        String location = body.path("location").asText(null);
        if (location == null) {
            throw VmRules.missing("location");
        }
        ObjectNode existing = ctx.state.networkResource(rg, type, name);
        String id = "/subscriptions/" + ctx.state.subscriptionId + "/resourceGroups/" + rg
                + "/providers/Microsoft.Network/" + type + "/" + name;
        String etag = "W/\"" + UUID.randomUUID() + "\"";
        ObjectNode resource = Json.object();
        resource.put("name", name);
        resource.put("id", id);
        resource.put("etag", etag);
        resource.put("type", "Microsoft.Network/" + type);
        resource.put("location", location);
        resource.set("tags", body.has("tags") ? body.get("tags").deepCopy() : Json.object());
        ObjectNode properties = body.path("properties").isObject()
                ? ((ObjectNode) body.get("properties")).deepCopy() : Json.object();
        properties.put("provisioningState", "Succeeded");
        properties.put("resourceGuid", existing == null ? UUID.randomUUID().toString()
                : existing.path("properties").path("resourceGuid").asText());
        completeChildren(type, id, etag, properties);
        resource.set("properties", properties);
        ctx.state.putNetworkResource(rg, type, name, resource);

        AsyncOperation op = ctx.lro.start(req, "Microsoft.Network", SkuCatalog.normalise(location), false,
                () -> null, () -> properties.put("provisioningState", "Failed"));
        ObjectNode answer = resource.deepCopy();
        ((ObjectNode) answer.get("properties")).put("provisioningState", "Updating");
        return ctx.lro.announce(existing == null ? ArmResponse.created(answer) : ArmResponse.ok(answer), op, false);
    }

    /** Subnets and IP configurations get ids, etags and provisioning states; NICs get private addresses. */
    private void completeChildren(String type, String id, String etag, ObjectNode properties) {
        if ("virtualNetworks".equals(type)) {
            for (JsonNode subnet : properties.path("subnets")) {
                child((ObjectNode) subnet, id + "/subnets/", etag, "Microsoft.Network/virtualNetworks/subnets");
            }
        } else if ("networkInterfaces".equals(type)) {
            boolean first = true;
            for (JsonNode config : properties.path("ipConfigurations")) {
                ObjectNode props = child((ObjectNode) config, id + "/ipConfigurations/", etag,
                        "Microsoft.Network/networkInterfaces/ipConfigurations");
                if (!props.has("privateIPAddress")) {
                    props.put("privateIPAddress", "10.0.0." + nextHost++);
                }
                if (!props.has("privateIPAllocationMethod")) {
                    props.put("privateIPAllocationMethod", "Dynamic");
                }
                props.put("primary", first);
                if (!props.has("privateIPAddressVersion")) {
                    props.put("privateIPAddressVersion", "IPv4");
                }
                first = false;
            }
        } else if ("publicIPAddresses".equals(type)) {
            if (!properties.has("publicIPAllocationMethod")) {
                properties.put("publicIPAllocationMethod", "Dynamic");
            }
            if (!properties.has("ipAddress")) {
                properties.put("ipAddress", "198.51.100." + nextHost++); // TEST-NET-2, never routable
            }
        }
    }

    private static ObjectNode child(ObjectNode node, String idPrefix, String etag, String type) {
        node.put("id", idPrefix + node.path("name").asText());
        node.put("etag", etag);
        node.put("type", type);
        ObjectNode props = Json.objectAt(node, "properties");
        props.put("provisioningState", "Succeeded");
        return props;
    }

    /** The resources of one type in a resource group, in one page (the emulator never pages network listings). */
    ArmResponse list(ArmRequest req) {
        String rg = req.var("rg");
        ctx.state.requireResourceGroup(rg);
        ObjectNode body = Json.object();
        ArrayNode value = body.putArray("value");
        ctx.state.networkResources(rg, TYPES.get(req.var("type").toLowerCase(Locale.ROOT)))
                .forEach(resource -> value.add(resource.deepCopy()));
        return ArmResponse.ok(body);
    }

    /**
     * PATCH with {@code {"tags": {...}}}: the Network RP's UpdateTags (e.g. NetworkInterfaces_UpdateTags), which
     * replaces the tag set and answers 200 with the resource at once, no long-running operation (Azure/azure-rest-api-
     * specs, specification/network/resource-manager/Microsoft.Network/stable/2021-08-01/examples/
     * NetworkInterfaceUpdateTags.json).
     */
    ArmResponse updateTags(ArmRequest req) {
        ObjectNode resource = existing(req);
        JsonNode tags = req.jsonBody().path("tags");
        resource.set("tags", tags.isObject() ? tags.deepCopy() : Json.object());
        resource.put("etag", "W/\"" + UUID.randomUUID() + "\"");
        return ArmResponse.ok(resource.deepCopy());
    }

    ArmResponse get(ArmRequest req) {
        return ArmResponse.ok(existing(req));
    }

    /** The resource the request's path names, or ARM's 404. */
    private ObjectNode existing(ArmRequest req) {
        String rg = req.var("rg");
        ctx.state.requireResourceGroup(rg);
        String type = TYPES.get(req.var("type").toLowerCase(Locale.ROOT));
        ObjectNode resource = ctx.state.networkResource(rg, type, req.var("name"));
        if (resource == null) {
            throw ArmState.notFound("Microsoft.Network/" + type, req.var("name"), rg);
        }
        return resource;
    }

    ArmResponse subnet(ArmRequest req) {
        String rg = req.var("rg");
        ctx.state.requireResourceGroup(rg);
        ObjectNode vnet = ctx.state.networkResource(rg, "virtualNetworks", req.var("name"));
        if (vnet != null) {
            for (JsonNode subnet : vnet.path("properties").path("subnets")) {
                if (subnet.path("name").asText().equalsIgnoreCase(req.var("subnet"))) {
                    return ArmResponse.ok(subnet);
                }
            }
        }
        throw ArmState.notFound("Microsoft.Network/virtualNetworks/" + req.var("name") + "/subnets",
                req.var("subnet"), rg);
    }
}

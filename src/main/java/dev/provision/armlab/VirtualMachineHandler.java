package dev.provision.armlab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code Microsoft.Compute/virtualMachines}: create/update (PUT, PATCH), get, list, instanceView, vmSizes, delete. */
final class VirtualMachineHandler {
    private static final String COMPUTE = "Microsoft.Compute";
    private final ArmContext ctx;

    VirtualMachineHandler(ArmContext ctx) {
        this.ctx = ctx;
    }

    ArmResponse createOrUpdate(ArmRequest req) {
        String rg = req.var("rg");
        ctx.state.requireResourceGroup(rg);
        ObjectNode body = req.jsonBody();
        SimulatedVm existing = ctx.state.vm(rg, req.var("vm"));
        if (existing != null) {
            return update(req, existing, body, false);
        }
        String location = body.path("location").asText(null);
        if (location == null) {
            throw VmRules.missing("location");
        }
        if (!ctx.skus.knows(location)) {
            throw VmRules.locationNotAvailable(location, ctx.skus.locations());
        }
        ObjectNode properties = body.path("properties").isObject()
                ? (ObjectNode) body.get("properties").deepCopy() : Json.object();
        String size = Json.text(properties, "hardwareProfile", "vmSize");
        if (size == null) {
            throw VmRules.missing("hardwareProfile.vmSize");
        }
        List<String> zones = strings(body.path("zones"));
        VmSizeSpec spec = VmRules.deployableSize(ctx.skus, location, size, zones);
        SecurityType security = SecurityType.fromArm(Json.text(properties, "securityProfile", "securityType"));
        String generation = VmRules.hyperVGenerationOf(properties.path("storageProfile").path("imageReference"),
                security);
        VmRules.checkGeneration(spec, generation);
        ctx.quotas.checkCores(location, spec, spec.vCpus(), ctx.state.vms());

        SimulatedVm vm = new SimulatedVm(ctx.state.subscriptionId, rg, req.var("vm"), location);
        vm.size = spec.name();
        vm.zones = zones;
        vm.tags = tags(body.path("tags"));
        vm.securityType = security;
        vm.hyperVGeneration = generation;
        vm.osType = VmRules.osTypeOf(properties);
        vm.guest = WindowsGuests.fromCreate(properties);
        vm.properties = withoutSecrets(properties);
        vm.power = ArmPowerState.STARTING;
        vm.provisioningState = "Creating";
        vm.agent.created(ctx.agentReadsBeforeReady, ctx.settleAfter);
        ctx.state.putVm(vm);
        AsyncOperation op = ctx.lro.start(req, COMPUTE, vm.location, false, () -> {
            vm.provisioningState = "Succeeded";
            vm.power = ArmPowerState.RUNNING;
            return null;
        }, () -> {
            vm.provisioningState = "Failed";
            vm.power = ArmPowerState.DEALLOCATED;
        });
        vm.pending = op;
        return ctx.lro.announce(ArmResponse.created(VmRenderer.vm(vm, false)), op, false);
    }

    ArmResponse patch(ArmRequest req) {
        SimulatedVm vm = ctx.state.requireVm(req.var("rg"), req.var("vm"));
        return update(req, vm, req.jsonBody(), true);
    }

    /** PUT on an existing VM or PATCH: resize rules, immutable security type, then an "Updating" operation. */
    private ArmResponse update(ArmRequest req, SimulatedVm vm, ObjectNode body, boolean mergePatch) {
        vm.settlePending();
        requireIfMatch(req, vm);
        JsonNode incoming = body.path("properties");
        String newSize = Json.text(incoming, "hardwareProfile", "vmSize");
        String newSecurity = Json.text(incoming, "securityProfile", "securityType");
        if (newSecurity != null && SecurityType.fromArm(newSecurity) != vm.securityType) {
            throw VmRules.propertyChangeNotAllowed("securityProfile.securityType");
        }
        String oldSize = vm.size;
        if (newSize != null && !newSize.equalsIgnoreCase(vm.size)) {
            vm.size = checkResize(vm, newSize).name();
        }
        if (incoming.isObject()) {
            ObjectNode cleaned = withoutSecrets((ObjectNode) incoming.deepCopy());
            if (mergePatch) {
                Json.merge(vm.properties, cleaned);
            } else {
                vm.properties = cleaned;
            }
        }
        if (body.has("tags")) {
            vm.tags = tags(body.path("tags"));
        }
        vm.modelVersion++;
        String before = vm.provisioningState;
        vm.provisioningState = "Updating";
        boolean restarts = vm.power == ArmPowerState.RUNNING && !oldSize.equalsIgnoreCase(vm.size);
        AsyncOperation op = ctx.lro.start(req, COMPUTE, vm.location, false, () -> {
            vm.provisioningState = "Succeeded";
            if (restarts) {
                ctx.rebooted(vm); // Azure restarts a running VM to resize it in place
            }
            return null;
        }, () -> {
            vm.size = oldSize;
            vm.provisioningState = "Failed".equals(before) ? before : "Failed";
        });
        vm.pending = op;
        return ctx.lro.announce(ArmResponse.ok(VmRenderer.vm(vm, false)), op, false);
    }

    /**
     * Azure's resize rule: a deallocated VM may take any size the region offers; an allocated one only a size
     * its current hardware cluster offers (what vmSizes lists), otherwise OperationNotAllowed.
     */
    private VmSizeSpec checkResize(SimulatedVm vm, String newSize) {
        VmSizeSpec spec = VmRules.deployableSize(ctx.skus, vm.location, newSize, vm.zones);
        VmRules.checkGeneration(spec, vm.hyperVGeneration);
        if (vm.power.allocated()) {
            List<VmSizeSpec> cluster = ctx.clusterSizes(vm);
            if (cluster.stream().noneMatch(s -> s.name().equalsIgnoreCase(newSize))) {
                throw VmRules.notInHardwareCluster(newSize, VmRules.names(cluster));
            }
            ctx.quotas.checkCores(vm.location, spec, spec.vCpus(), ctx.otherVms(vm));
        }
        return spec;
    }

    ArmResponse get(ArmRequest req) {
        SimulatedVm vm = ctx.state.requireVm(req.var("rg"), req.var("vm"));
        return ArmResponse.ok(VmRenderer.vm(vm, expandsInstanceView(req)));
    }

    ArmResponse list(ArmRequest req) {
        ctx.state.requireResourceGroup(req.var("rg"));
        List<SimulatedVm> inGroup = new ArrayList<>();
        for (SimulatedVm vm : ctx.state.vms()) {
            if (vm.resourceGroup.equalsIgnoreCase(req.var("rg"))) {
                inGroup.add(vm);
            }
        }
        return listing(inGroup, req);
    }

    ArmResponse listAll(ArmRequest req) {
        return listing(ctx.state.vms(), req);
    }

    private ArmResponse listing(List<SimulatedVm> vms, ArmRequest req) {
        boolean withView = expandsInstanceView(req) || "true".equalsIgnoreCase(req.param("statusOnly"));
        ObjectNode body = Json.object();
        ArrayNode value = body.putArray("value");
        for (SimulatedVm vm : vms) {
            value.add(VmRenderer.vm(vm, withView));
        }
        return ArmResponse.ok(body);
    }

    ArmResponse instanceView(ArmRequest req) {
        return ArmResponse.ok(VmRenderer.instanceView(ctx.state.requireVm(req.var("rg"), req.var("vm"))));
    }

    /** vmSizes of an existing VM: the hardware cluster's sizes while allocated, every regional size when not. */
    ArmResponse availableSizes(ArmRequest req) {
        SimulatedVm vm = ctx.state.requireVm(req.var("rg"), req.var("vm"));
        List<VmSizeSpec> sizes = vm.power.allocated() ? ctx.clusterSizes(vm) : ctx.skus.deployableSizes(vm.location);
        return sizeList(sizes);
    }

    /** vmSizes of a location. */
    ArmResponse locationSizes(ArmRequest req) {
        return sizeList(ctx.skus.deployableSizes(req.var("location")));
    }

    private static ArmResponse sizeList(List<VmSizeSpec> sizes) {
        ObjectNode body = Json.object();
        ArrayNode value = body.putArray("value");
        sizes.forEach(size -> value.add(size.toVirtualMachineSize()));
        return ArmResponse.ok(body);
    }

    ArmResponse delete(ArmRequest req) {
        String rg = req.var("rg");
        ctx.state.requireResourceGroup(rg);
        SimulatedVm vm = ctx.state.vm(rg, req.var("vm"));
        if (vm == null) {
            return ArmResponse.empty(204);
        }
        vm.settlePending();
        vm.provisioningState = "Deleting";
        AsyncOperation op = ctx.lro.start(req, COMPUTE, vm.location, false, () -> {
            ctx.state.removeVm(vm);
            return null;
        }, () -> vm.provisioningState = "Failed");
        vm.pending = op;
        return ctx.lro.announce(ArmResponse.empty(202), op, true);
    }

    private static boolean expandsInstanceView(ArmRequest req) {
        String expand = req.param("$expand");
        return expand != null && expand.toLowerCase(java.util.Locale.ROOT).contains("instanceview");
    }

    /** Azure never returns the admin password or custom data; neither does the emulator keep them. */
    private static ObjectNode withoutSecrets(ObjectNode properties) {
        JsonNode osProfile = properties.get("osProfile");
        if (osProfile instanceof ObjectNode profile) {
            profile.remove("adminPassword");
            profile.remove("customData");
        }
        properties.remove("userData");
        properties.remove("provisioningState");
        properties.remove("instanceView");
        properties.remove("vmId");
        return properties;
    }

    static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        for (JsonNode item : array) {
            values.add(item.asText());
        }
        return values;
    }

    static Map<String, String> tags(JsonNode tags) {
        Map<String, String> map = new LinkedHashMap<>();
        tags.properties().forEach(entry -> map.put(entry.getKey(), entry.getValue().asText()));
        return map;
    }

    /**
     * Optimistic concurrency as ARM does it: a write whose If-Match names another etag than the VM's current one is
     * refused with 412 PreconditionFailed and changes nothing (RFC 9110 section 13.1.1; the Compute REST
     * specification documents If-Match on VirtualMachines_CreateOrUpdate and _Update, "Specify the last-seen ETag
     * value to prevent accidentally overwriting concurrent changes"). "*" matches any existing VM.
     */
    private static void requireIfMatch(ArmRequest req, SimulatedVm vm) {
        if (req.ifMatch != null && !req.ifMatch.strip().equals("*") && !req.ifMatch.strip().equals(vm.etag())) {
            throw new ArmException(412, "PreconditionFailed", "The specified precondition 'If-Match = "
                    + req.ifMatch.strip() + "' failed: the resource's etag is " + vm.etag() + ".");
        }
    }
}

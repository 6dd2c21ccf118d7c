package dev.provision.armlab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Run Command, both kinds: the action ({@code POST runCommand}: 202, result at Location) and managed
 * run commands ({@code PUT runCommands/{name}} with runAsUser, result in the instance view). The script's
 * output comes from the pluggable {@link GuestAgent}, called when the operation completes.
 */
final class RunCommandHandler {
    private final ArmContext ctx;

    RunCommandHandler(ArmContext ctx) {
        this.ctx = ctx;
    }

    ArmResponse run(ArmRequest req) {
        SimulatedVm vm = ctx.state.requireVm(req.var("rg"), req.var("vm"));
        vm.settlePending();
        if (vm.power != ArmPowerState.RUNNING) {
            throw VmRules.requiresRunning();
        }
        ctx.noteRunCommand(vm);
        ObjectNode body = req.jsonBody();
        String commandId = Json.text(body, "commandId");
        if (commandId == null) {
            throw VmRules.missing("commandId");
        }
        List<String> script = VirtualMachineHandler.strings(body.path("script"));
        Map<String, String> parameters = parameters(body.path("parameters"), null);
        AsyncOperation op = ctx.lro.start(req, "Microsoft.Compute", vm.location, true, () -> {
            ctx.runCommandLoad.ended(vm.id);
            GuestScript invocation = new GuestScript(vm.snapshot(), commandId, script, parameters, null, false, null,
                    vm.guest, NestingSupport.nests(ctx, vm));
            return RunCommandOutput.of(commandId, ctx.guestAgent.run(invocation));
        }, () -> ctx.runCommandLoad.ended(vm.id));
        inFlight(vm, op);
        return ctx.lro.announce(ArmResponse.empty(202), op, true);
    }

    ArmResponse createOrUpdate(ArmRequest req) {
        SimulatedVm vm = ctx.state.requireVm(req.var("rg"), req.var("vm"));
        vm.settlePending();
        if (vm.power != ArmPowerState.RUNNING) {
            throw VmRules.requiresRunning();
        }
        ctx.noteRunCommand(vm);
        ObjectNode body = req.jsonBody();
        JsonNode incoming = body.path("properties");
        JsonNode source = incoming.path("source");
        if (!source.has("script") && !source.has("commandId") && !source.has("scriptUri")) {
            throw VmRules.missing("source");
        }
        String name = req.var("name");
        String key = name.toLowerCase(Locale.ROOT);
        boolean exists = vm.runCommands.containsKey(key);
        ObjectNode stored = incoming.isObject() ? ((ObjectNode) incoming).deepCopy() : Json.object();
        // Never kept nor echoed, as in Azure: the password and the protected parameters' values.
        stored.remove("runAsPassword");
        stored.remove("protectedParameters");
        stored.remove("provisioningState");
        stored.remove("instanceView");
        ManagedRunCommand command = new ManagedRunCommand(vm.id, name,
                body.path("location").asText(vm.location), stored);
        command.provisioningState = exists ? "Updating" : "Creating";
        vm.runCommands.put(key, command);

        String runAsUser = Json.text(incoming, "runAsUser");
        // Held for the guest's logon check during this request only; never stored, logged or rendered.
        String runAsPassword = Json.text(incoming, "runAsPassword");
        List<String> lines = source.has("script")
                ? Arrays.asList(source.path("script").asText().split("\\R", -1)) : List.of();
        Map<String, String> parameters = parameters(incoming.path("parameters"), incoming.path("protectedParameters"));
        String commandId = Json.text(source, "commandId");
        command.startTime = Instant.now();
        AsyncOperation op = ctx.lro.start(req, "Microsoft.Compute", vm.location, false, () -> {
            ctx.runCommandLoad.ended(vm.id);
            command.result = ctx.guestAgent.run(
                    new GuestScript(vm.snapshot(), commandId, lines, parameters, runAsUser, true, runAsPassword,
                            vm.guest, NestingSupport.nests(ctx, vm)));
            command.endTime = Instant.now();
            command.provisioningState = "Succeeded";
            return null;
        }, () -> {
            ctx.runCommandLoad.ended(vm.id);
            command.endTime = Instant.now();
            command.provisioningState = "Failed";
        });
        inFlight(vm, op);
        ObjectNode rendered = render(command, false);
        return ctx.lro.announce(exists ? ArmResponse.ok(rendered) : ArmResponse.created(rendered), op, false);
    }

    /** The script runs in the guest from now until the latency has passed; counted in flight until it ends. */
    private void inFlight(SimulatedVm vm, AsyncOperation op) {
        op.lasts(ctx.runCommandLatency);
        ctx.runCommandLoad.started(vm.id);
    }

    ArmResponse get(ArmRequest req) {
        SimulatedVm vm = ctx.state.requireVm(req.var("rg"), req.var("vm"));
        ManagedRunCommand command = vm.runCommands.get(req.var("name").toLowerCase(Locale.ROOT));
        if (command == null) {
            throw ArmState.notFound("Microsoft.Compute/virtualMachines/" + vm.name + "/runCommands", req.var("name"),
                    vm.resourceGroup);
        }
        return ArmResponse.ok(render(command, expandsInstanceView(req)));
    }

    ArmResponse list(ArmRequest req) {
        SimulatedVm vm = ctx.state.requireVm(req.var("rg"), req.var("vm"));
        ObjectNode body = Json.object();
        ArrayNode value = body.putArray("value");
        for (ManagedRunCommand command : vm.runCommands.values()) {
            value.add(render(command, expandsInstanceView(req)));
        }
        return ArmResponse.ok(body);
    }

    ArmResponse delete(ArmRequest req) {
        SimulatedVm vm = ctx.state.requireVm(req.var("rg"), req.var("vm"));
        ManagedRunCommand removed = vm.runCommands.remove(req.var("name").toLowerCase(Locale.ROOT));
        if (removed == null) {
            return ArmResponse.empty(204);
        }
        AsyncOperation op = ctx.lro.start(req, "Microsoft.Compute", vm.location, false, () -> null, null);
        return ctx.lro.announce(ArmResponse.empty(202), op, true);
    }

    private static ObjectNode render(ManagedRunCommand command, boolean withInstanceView) {
        ObjectNode body = Json.object();
        body.put("name", command.name);
        body.put("type", "Microsoft.Compute/virtualMachines/runCommands");
        body.put("location", command.location);
        body.put("id", command.id);
        ObjectNode properties = body.putObject("properties");
        properties.setAll(command.properties.deepCopy());
        if (!properties.has("asyncExecution")) {
            properties.put("asyncExecution", false);
        }
        if (!properties.has("timeoutInSeconds")) {
            properties.put("timeoutInSeconds", 0);
        }
        if (!properties.has("treatFailureAsDeploymentFailure")) {
            properties.put("treatFailureAsDeploymentFailure", false);
        }
        properties.put("provisioningState", command.provisioningState);
        if (withInstanceView) {
            properties.set("instanceView", instanceView(command));
        }
        return body;
    }

    private static ObjectNode instanceView(ManagedRunCommand command) {
        ObjectNode view = Json.object();
        GuestScriptResult result = command.result;
        String state = result == null ? ("Failed".equals(command.provisioningState) ? "Failed" : "Running")
                : result.exitCode() == 0 && result.notRunReason() == null ? "Succeeded" : "Failed";
        view.put("executionState", state);
        view.put("executionMessage", result == null ? ""
                : result.notRunReason() != null ? result.notRunReason()
                : result.exitCode() != 0 ? "Execution completed with exit code " + result.exitCode() : "");
        if (result != null) {
            view.put("exitCode", result.exitCode());
            view.put("output", RunCommandOutput.lastBytes(result.stdout()));
            view.put("error", RunCommandOutput.lastBytes(result.stderr()));
        }
        if (command.startTime != null) {
            view.put("startTime", command.startTime.toString());
        }
        if (command.endTime != null) {
            view.put("endTime", command.endTime.toString());
        }
        view.putArray("statuses");
        return view;
    }

    private static boolean expandsInstanceView(ArmRequest req) {
        String expand = req.param("$expand");
        return expand != null && expand.toLowerCase(Locale.ROOT).contains("instanceview");
    }

    /** {@code [{"name","value"}]} lists, protected ones included (the guest sees them; nobody else does). */
    private static Map<String, String> parameters(JsonNode plain, JsonNode protectedOnes) {
        Map<String, String> map = new LinkedHashMap<>();
        List<JsonNode> all = new ArrayList<>();
        plain.forEach(all::add);
        if (protectedOnes != null) {
            protectedOnes.forEach(all::add);
        }
        for (JsonNode parameter : all) {
            map.put(parameter.path("name").asText(), parameter.path("value").asText());
        }
        return map;
    }
}

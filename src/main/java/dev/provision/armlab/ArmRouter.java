package dev.provision.armlab;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/**
 * Turns HTTPS exchanges into handler calls, in ARM's order of checks: bearer token, route, api-version,
 * subscription, held requests, injected faults, then the resource handler (under the state lock). Writes ARM's headers and
 * error bodies and records every answer in the request log. The Authorization header is checked, then dropped.
 */
final class ArmRouter implements HttpHandler {
    private record Route(String method, String[] segments, Function<Map<String, String>, String> operationId,
            Function<ArmRequest, ArmResponse> handler) {}

    private record Match(Route route, Map<String, String> vars) {}

    private static final String SUB = "/subscriptions/{sub}";
    private static final String RG = SUB + "/resourcegroups/{rg}";
    private static final String VM = RG + "/providers/Microsoft.Compute/virtualMachines/{vm}";

    private final List<Route> routes = new ArrayList<>();
    private final ArmContext ctx;
    private final FaultInjector faults;
    private final RequestLog log;

    ArmRouter(ArmContext ctx, FaultInjector faults, RequestLog log) {
        this.ctx = ctx;
        this.faults = faults;
        this.log = log;
        ResourceGroupHandler groups = new ResourceGroupHandler(ctx);
        NetworkHandler network = new NetworkHandler(ctx);
        VirtualMachineHandler vms = new VirtualMachineHandler(ctx);
        VmPowerHandler power = new VmPowerHandler(ctx);
        RunCommandHandler runCommands = new RunCommandHandler(ctx);
        CatalogHandler catalog = new CatalogHandler(ctx);

        add("GET", SUB + "/resourcegroups", "ResourceGroups_List", groups::list);
        add("PUT", RG, "ResourceGroups_CreateOrUpdate", groups::createOrUpdate);
        add("GET", RG, "ResourceGroups_Get", groups::get);
        add("HEAD", RG, "ResourceGroups_CheckExistence", groups::exists);

        add("PUT", RG + "/providers/Microsoft.Network/{type}/{name}", v -> networkOp(v, "CreateOrUpdate"),
                network::createOrUpdate);
        add("GET", RG + "/providers/Microsoft.Network/{type}/{name}", v -> networkOp(v, "Get"), network::get);
        add("PATCH", RG + "/providers/Microsoft.Network/{type}/{name}", v -> networkOp(v, "UpdateTags"),
                network::updateTags);
        add("GET", RG + "/providers/Microsoft.Network/{type}", v -> networkOp(v, "List"), network::list);
        add("GET", RG + "/providers/Microsoft.Network/virtualNetworks/{name}/subnets/{subnet}", "Subnets_Get",
                network::subnet);

        add("PUT", VM, "VirtualMachines_CreateOrUpdate", vms::createOrUpdate);
        add("PATCH", VM, "VirtualMachines_Update", vms::patch);
        add("GET", VM, "VirtualMachines_Get", vms::get);
        add("DELETE", VM, "VirtualMachines_Delete", vms::delete);
        add("GET", RG + "/providers/Microsoft.Compute/virtualMachines", "VirtualMachines_List", vms::list);
        add("GET", SUB + "/providers/Microsoft.Compute/virtualMachines", "VirtualMachines_ListAll", vms::listAll);
        add("GET", VM + "/instanceView", "VirtualMachines_InstanceView", vms::instanceView);
        add("GET", VM + "/vmSizes", "VirtualMachines_ListAvailableSizes", vms::availableSizes);
        add("POST", VM + "/deallocate", "VirtualMachines_Deallocate", power::deallocate);
        add("POST", VM + "/start", "VirtualMachines_Start", power::start);
        add("POST", VM + "/powerOff", "VirtualMachines_PowerOff", power::powerOff);
        add("POST", VM + "/restart", "VirtualMachines_Restart", power::restart);
        add("POST", VM + "/runCommand", "VirtualMachines_RunCommand", runCommands::run);
        add("PUT", VM + "/runCommands/{name}", "VirtualMachineRunCommands_CreateOrUpdate", runCommands::createOrUpdate);
        add("GET", VM + "/runCommands/{name}", "VirtualMachineRunCommands_GetByVirtualMachine", runCommands::get);
        add("DELETE", VM + "/runCommands/{name}", "VirtualMachineRunCommands_Delete", runCommands::delete);
        add("GET", VM + "/runCommands", "VirtualMachineRunCommands_ListByVirtualMachine", runCommands::list);

        add("GET", SUB + "/providers/Microsoft.Compute/skus", "ResourceSkus_List", catalog::skus);
        add("GET", SUB + "/providers/Microsoft.Compute/locations/{location}/usages", "Usage_List", catalog::usages);
        add("GET", SUB + "/providers/Microsoft.Compute/locations/{location}/vmSizes", "VirtualMachineSizes_List",
                vms::locationSizes);
        add("GET", SUB + "/providers/{namespace}/locations/{location}/operations/{id}",
                v -> "AsyncOperation_Poll", this::poll);
    }

    private void add(String method, String template, String operationId, Function<ArmRequest, ArmResponse> handler) {
        add(method, template, vars -> operationId, handler);
    }

    private void add(String method, String template, Function<Map<String, String>, String> operationId,
            Function<ArmRequest, ArmResponse> handler) {
        routes.add(new Route(method, template.substring(1).split("/"), operationId, handler));
    }

    private static String networkOp(Map<String, String> vars, String verb) {
        String type = vars.get("type").toLowerCase(Locale.ROOT);
        String prefix = switch (type) {
            case "virtualnetworks" -> "VirtualNetworks";
            case "networkinterfaces" -> "NetworkInterfaces";
            case "publicipaddresses" -> "PublicIPAddresses";
            default -> "NetworkSecurityGroups";
        };
        return prefix + "_" + verb;
    }

    private ArmResponse poll(ArmRequest req) {
        return "true".equalsIgnoreCase(req.param("monitor")) ? ctx.lro.monitor(req.var("id"))
                : ctx.lro.status(req.var("id"));
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        Instant at = Instant.now();
        String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
        String path = exchange.getRequestURI().getPath();
        if (path.length() > 1 && path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        String rawQuery = exchange.getRequestURI().getRawQuery();
        String operationId = "Unrouted";
        ArmResponse response;
        byte[] body = new byte[0];
        try {
            body = exchange.getRequestBody().readAllBytes();
            checkBearerToken(exchange.getRequestHeaders().getFirst("Authorization"));
            Match match = find(method, path);
            operationId = match.route.operationId.apply(match.vars);
            Map<String, String> query = parseQuery(rawQuery);
            if (query.get("api-version") == null) {
                throw ArmException.badRequest("MissingApiVersionParameter",
                        "The api-version query parameter (?api-version=) is required for all requests.");
            }
            String subscription = match.vars.get("sub");
            if (!ctx.state.subscriptionId.equalsIgnoreCase(subscription)) {
                throw ArmException.notFound("SubscriptionNotFound",
                        "The subscription '" + subscription + "' could not be found.");
            }
            ArmRequest request = new ArmRequest(method, path, query, match.vars, operationId, body);
            request.ifMatch = exchange.getRequestHeaders().getFirst("If-Match");
            if (!faults.passes(request)) {
                exchange.close(); // dropped by a hold: no effect, no answer, not logged (nothing was answered)
                return;
            }
            synchronized (ctx.state) {
                ctx.lro.settleOverdue();
                faults.apply(request);
                response = match.route.handler.apply(request);
            }
        } catch (ArmException e) {
            response = ArmResponse.of(e.status(), e.body());
            e.headers().forEach(response::header);
        } catch (RuntimeException e) {
            // An emulator bug must be visible to whoever rehearses against it, not a silent wrong answer.
            response = ArmResponse.of(500, new ArmException(500, "InternalServerError",
                    "The ARM emulator failed: " + e).body());
        }
        // Logged before it is written: a request released after its client was killed took effect, and its answer
        // fails to reach anyone.
        log.add(new RequestLog.Entry(at, method, path, rawQuery, operationId, response.status,
                RequestLog.redacted(body)));
        write(exchange, method, response);
    }

    private static void checkBearerToken(String authorization) {
        if (authorization == null || authorization.isBlank()) {
            throw new ArmException(401, "AuthenticationFailed",
                    "Authentication failed. The 'Authorization' header is missing.")
                    .withHeader("WWW-Authenticate", "Bearer authorization_uri=\"https://login.windows.net/\", "
                            + "error=\"invalid_token\", error_description=\"The authentication failed because of "
                            + "missing 'Authorization' header.\"");
        }
        String[] parts = authorization.trim().split("\\s+", 2);
        if (parts.length < 2 || !"Bearer".equalsIgnoreCase(parts[0]) || parts[1].isBlank()) {
            throw new ArmException(401, "AuthenticationFailedInvalidHeader",
                    "Authentication failed. The 'Authorization' header is provided in an invalid format.");
        }
    }

    private Match find(String method, String path) {
        String[] segments = path.substring(1).split("/");
        boolean pathKnown = false;
        for (Route route : routes) {
            Map<String, String> vars = matchSegments(route.segments, segments);
            if (vars == null || !fits(vars)) {
                continue;
            }
            pathKnown = true;
            if (route.method.equals(method)) {
                return new Match(route, vars);
            }
        }
        if (pathKnown) {
            throw new ArmException(405, "MethodNotAllowed",
                    "The requested resource does not support http method '" + method + "'.");
        }
        throw ArmException.badRequest("EmulatorUnsupportedRequest", "The ARM emulator does not serve " + method + " "
                + path + ". It serves resource groups, virtual networks, network interfaces, public IPs, network "
                + "security groups, virtual machines (with power actions, instance view, vmSizes, Run Command and "
                + "managed run commands), Resource SKUs, usages and async operations.");
    }

    /** Only the network types the emulator models match the generic network route. */
    private static boolean fits(Map<String, String> vars) {
        String type = vars.get("type");
        return type == null || NetworkHandler.serves(type);
    }

    private static Map<String, String> matchSegments(String[] template, String[] actual) {
        if (template.length != actual.length) {
            return null;
        }
        Map<String, String> vars = new HashMap<>();
        for (int i = 0; i < template.length; i++) {
            String part = template[i];
            if (part.startsWith("{")) {
                if (actual[i].isEmpty()) {
                    return null;
                }
                vars.put(part.substring(1, part.length() - 1), actual[i]);
            } else if (!part.equalsIgnoreCase(actual[i])) {
                return null;
            }
        }
        return vars;
    }

    private static Map<String, String> parseQuery(String rawQuery) {
        Map<String, String> query = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return query;
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            query.put(name, value);
        }
        return query;
    }

    private static void write(HttpExchange exchange, String method, ArmResponse response) throws IOException {
        Headers headers = exchange.getResponseHeaders();
        String requestId = UUID.randomUUID().toString();
        headers.set("x-ms-request-id", requestId);
        headers.set("x-ms-correlation-request-id", requestId);
        String clientRequestId = exchange.getRequestHeaders().getFirst("x-ms-client-request-id");
        if (clientRequestId != null && clientRequestId.matches("[A-Za-z0-9-]{1,64}")) {
            headers.set("x-ms-client-request-id", clientRequestId);
        }
        headers.set("Cache-Control", "no-cache");
        response.headers.forEach(headers::set);
        byte[] bytes = response.body == null ? null : Json.bytes(response.body);
        try (exchange) {
            if (bytes == null || "HEAD".equals(method) || response.status == 204) {
                exchange.sendResponseHeaders(response.status, -1);
            } else {
                headers.set("Content-Type", "application/json; charset=utf-8");
                exchange.sendResponseHeaders(response.status, bytes.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            }
        }
    }
}

package dev.provision.armlab;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import javax.net.ssl.SSLContext;

/**
 * An HTTPS server on 127.0.0.1 that speaks Azure Resource Manager as Azure speaks it, for the parts the
 * project uses: resource groups, VNets/NICs, VMs (create, get, list, resize, power actions, instance view,
 * vmSizes), Resource SKUs (the real eastus2 list), usages, Run Command and managed run commands.
 * Long-running operations answer with Azure-AsyncOperation, Location and {@code Retry-After: 0}, as real Compute
 * does in the Azure SDK team's recordings (VirtualMachineOperationsTests.canRunScriptOnVM.json in ../shared, and
 * canOperateVirtualMachine.json in Azure/azure-sdk-for-java): a client must bring its own poll interval. The VM
 * agent lags as in Azure after a create, restart, start or resize ({@link VmAgent}).
 *
 * <pre>{@code
 * try (ArmEmulator arm = ArmEmulator.builder().seedVm(SeedVm.of("rg", "vm1")).start()) {
 *     URI endpoint = arm.endpoint();           // https://127.0.0.1:<port>
 *     SSLContext trust = arm.sslContext();     // trusts the emulator's certificate only
 *     arm.faults().throttle(RequestMatcher.operation("ResourceSkus_List"), 2, 1);
 *     ...
 *     arm.requestLog().count("VirtualMachines_Deallocate");
 * }
 * }</pre>
 *
 * Any non-empty bearer token is accepted; a request without one gets ARM's 401.
 */
public final class ArmEmulator implements AutoCloseable {
    public static final String DEFAULT_SUBSCRIPTION = "00000000-0000-0000-0000-000000000000";

    private final HttpsServer server;
    private final ExecutorService executor;
    private final URI endpoint;
    private final String subscriptionId;
    private final TlsIdentity tls;
    private final RequestLog requestLog;
    private final FaultInjector faults;
    private final ArmState state;
    private final ArmContext ctx;
    private final AtomicInteger tlsConnections;
    private final RunCommandLoad runCommandLoad;

    private ArmEmulator(HttpsServer server, ExecutorService executor, URI endpoint, String subscriptionId,
            TlsIdentity tls, RequestLog requestLog, FaultInjector faults, ArmState state, ArmContext ctx,
            AtomicInteger tlsConnections) {
        this.ctx = ctx;
        this.tlsConnections = tlsConnections;
        this.runCommandLoad = ctx.runCommandLoad;
        this.server = server;
        this.executor = executor;
        this.endpoint = endpoint;
        this.subscriptionId = subscriptionId;
        this.tls = tls;
        this.requestLog = requestLog;
        this.faults = faults;
        this.state = state;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** {@code https://127.0.0.1:<port>}, the ARM endpoint to give clients (no trailing slash). */
    public URI endpoint() {
        return endpoint;
    }

    public String subscriptionId() {
        return subscriptionId;
    }

    /** A client TLS context that trusts this emulator's certificate and nothing else. */
    public SSLContext sslContext() {
        return tls.clientContext();
    }

    public X509Certificate certificate() {
        return tls.certificate();
    }

    public TlsIdentity tlsIdentity() {
        return tls;
    }

    /**
     * How many TLS connections clients opened, handshake completed or not: a client that does not trust the
     * emulator's certificate never reaches the request log, but each of its attempts is counted here.
     */
    public int tlsConnections() {
        return tlsConnections.get();
    }

    public RequestLog requestLog() {
        return requestLog;
    }

    /** How many Run Commands ran at once, overall and on one VM. */
    public RunCommandLoad runCommandLoad() {
        return runCommandLoad;
    }

    public FaultInjector faults() {
        return faults;
    }

    /**
     * How many Run Commands were sent to a VM whose agent had not reported Ready since its last create or boot.
     * Real Azure lets such a command fail or hang; a client that waits for a fresh Ready status sends none.
     */
    public int runCommandsBeforeAgentReady() {
        return ctx.runCommandsBeforeAgentReady.get();
    }

    /** The emulator's view of a VM, e.g. to check that a deallocate really happened. */
    public Optional<VmSnapshot> vm(String resourceGroup, String name) {
        synchronized (state) {
            SimulatedVm vm = state.vm(resourceGroup, name);
            return Optional.ofNullable(vm == null ? null : vm.snapshot());
        }
    }

    /** The network interfaces of a resource group now, name to tags, e.g. to check that a create left no orphan. */
    public Map<String, Map<String, String>> networkInterfaces(String resourceGroup) {
        synchronized (state) {
            Map<String, Map<String, String>> out = new LinkedHashMap<>();
            for (ObjectNode nic : state.networkResources(resourceGroup, "networkInterfaces")) {
                out.put(nic.path("name").asText(), VirtualMachineHandler.tags(nic.path("tags")));
            }
            return out;
        }
    }

    /** Every VM the emulator holds now, e.g. to save a rehearsal's state. */
    public List<VmSnapshot> vms() {
        synchronized (state) {
            List<VmSnapshot> out = new ArrayList<>();
            for (SimulatedVm vm : state.vms()) {
                out.add(vm.snapshot());
            }
            return out;
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        try {
            executor.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Options. The defaults model Azure as recorded (an operation is InProgress once, Retry-After 0, the VM agent
     * lags after a boot), which both the rehearsal and the tests want; nothing nests unless a rule is handed in.
     */
    public static final class Builder {
        private String subscriptionId = DEFAULT_SUBSCRIPTION;
        private Path tlsCacheDir = defaultCacheDir();
        private int pollsBeforeDone = 1;
        private int retryAfterSeconds = 0;
        private int agentReadsBeforeReady = 3;
        private Duration settleAfter = Duration.ofSeconds(10);
        private int skuPageSize = 250;
        private int threads = 4;
        private final List<String> hardwareCluster = new ArrayList<>();
        private final Map<String, Long> quotaLimits = new LinkedHashMap<>();
        private final List<Path> extraSkuFiles = new ArrayList<>();
        private final java.util.Set<String> restrictedSizes = new java.util.LinkedHashSet<>();
        private final List<SeedVm> seedVms = new ArrayList<>();
        private final Map<String, String> seedGroups = new LinkedHashMap<>();
        private GuestAgent guestAgent = new WindowsGuestAgent();
        private Duration runCommandLatency = Duration.ZERO;
        private Predicate<String> nestingFamilies = NestingSupport.NONE;

        private Builder() {}

        public Builder subscriptionId(String subscriptionId) {
            this.subscriptionId = subscriptionId;
            return this;
        }

        /**
         * Where the generated certificate and key are cached (default: the user's cache directory,
         * {@code $XDG_CACHE_HOME/provision/armlab} or {@code ~/.cache/provision/armlab}).
         */
        public Builder tlsCacheDir(Path dir) {
            this.tlsCacheDir = dir;
            return this;
        }

        /** How many status polls answer InProgress before an operation completes (default 1, as Azure never
         *  completes on the spot; 0 completes on the first poll). */
        public Builder pollsBeforeDone(int polls) {
            this.pollsBeforeDone = Math.max(0, polls);
            return this;
        }

        /** The Retry-After of long-running operations and VM reads (default 0, as recorded). */
        public Builder retryAfterSeconds(int seconds) {
            if (seconds < 0) {
                throw new IllegalArgumentException("Retry-After cannot be negative");
            }
            this.retryAfterSeconds = seconds;
            return this;
        }

        /**
         * After a create or a reboot, how many instance-view reads of the running VM still show the old agent status
         * ("Not Ready" after a create, the previous "Ready" after a reboot) before a fresh Ready (default 3).
         */
        public Builder agentReadsBeforeReady(int reads) {
            this.agentReadsBeforeReady = Math.max(0, reads);
            return this;
        }

        /**
         * Leaves Retry-After out of long-running operations, so the SDK polls at the client's own default interval.
         * Only for benchmarks that scale Azure's seconds down to milliseconds: ARM itself always sends it.
         */
        public Builder pollPacedByClient() {
            this.retryAfterSeconds = -1;
            return this;
        }

        /**
         * How long every Run Command (action or managed) runs before its result can be read, as the guest agent's
         * round trip does on Azure (20 s and more there; scaled down in tests). Default: none.
         */
        public Builder runCommandLatency(Duration latency) {
            this.runCommandLatency = latency;
            return this;
        }

        /** Operations nobody polls finish by themselves after this long (default 10 s). */
        public Builder settleAfter(Duration settleAfter) {
            this.settleAfter = settleAfter;
            return this;
        }

        /** Resource SKUs per page before a nextLink (default 250: the 658 eastus2 SKUs come in 3 pages). */
        public Builder skuPageSize(int size) {
            this.skuPageSize = Math.max(1, size);
            return this;
        }

        /**
         * The sizes the simulated hardware cluster offers: a running VM can be resized in place only to these
         * (plus its own size), and its vmSizes lists them. Default: every size the location offers.
         */
        public Builder hardwareCluster(String... sizes) {
            hardwareCluster.addAll(List.of(sizes));
            return this;
        }

        /** Overrides a quota limit, by usage name: {@code cores}, {@code standardDSv5Family}, ... */
        public Builder quota(String usageName, long limit) {
            quotaLimits.put(usageName, limit);
            return this;
        }

        /** Adds a Resource SKU list ({@code {"value":[...]}}, as ARM returns it) for more locations. */
        public Builder skuFile(Path file) {
            extraSkuFiles.add(file);
            return this;
        }

        /**
         * Lists this size with a {@code NotAvailableForSubscription} location restriction, as Azure does for sizes
         * a subscription may not deploy; creates and resizes to it are refused with {@code SkuNotAvailable}.
         */
        public Builder restrictSize(String size) {
            restrictedSizes.add(size);
            return this;
        }

        /**
         * Which SKU families (e.g. {@code standardDSv5Family}) expose virtualization to the guest: Azure publishes no
         * API for it, so whoever starts the emulator hands in its rule (provision's documented series catalog).
         * Default: none nests.
         */
        public Builder nestingFamilies(Predicate<String> nests) {
            this.nestingFamilies = nests;
            return this;
        }

        public Builder guestAgent(GuestAgent agent) {
            this.guestAgent = agent;
            return this;
        }

        public Builder resourceGroup(String name, String location) {
            seedGroups.put(name, location);
            return this;
        }

        /** A VM that already exists (its resource group is created if needed). */
        public Builder seedVm(SeedVm vm) {
            seedVms.add(vm);
            return this;
        }

        public Builder threads(int threads) {
            this.threads = Math.max(1, threads);
            return this;
        }

        public ArmEmulator start() {
            InetAddress loopback = loopback();
            TlsIdentity tls = TlsIdentity.loadOrCreate(tlsCacheDir, loopback);
            HttpsServer server;
            try {
                server = HttpsServer.create(new InetSocketAddress(loopback, 0), 0); // 0: a free port
            } catch (IOException e) {
                throw new UncheckedIOException("cannot listen on 127.0.0.1", e);
            }
            AtomicInteger tlsConnections = new AtomicInteger();
            server.setHttpsConfigurator(new HttpsConfigurator(tls.serverContext()) {
                @Override
                public void configure(com.sun.net.httpserver.HttpsParameters params) {
                    tlsConnections.incrementAndGet(); // called once per accepted connection, before its handshake
                    super.configure(params);
                }
            });
            URI endpoint = URI.create("https://127.0.0.1:" + server.getAddress().getPort());

            SkuCatalog skus = SkuCatalog.bundledPlus(extraSkuFiles).restricting(restrictedSizes);
            QuotaBook quotas = new QuotaBook(quotaLimits, skus);
            ArmState state = new ArmState(subscriptionId);
            LroTracker lro = new LroTracker(endpoint.toString(), subscriptionId, pollsBeforeDone, retryAfterSeconds,
                    settleAfter);
            ArmContext ctx = new ArmContext(state, skus, quotas, lro, guestAgent, endpoint.toString(), skuPageSize,
                    hardwareCluster, agentReadsBeforeReady, settleAfter, runCommandLatency, nestingFamilies);
            seed(state, skus);
            FaultInjector faults = new FaultInjector(quotas::injectedError);
            RequestLog log = new RequestLog();
            server.createContext("/", new ArmRouter(ctx, faults, log));
            ExecutorService executor = Executors.newFixedThreadPool(threads, daemonThreads());
            server.setExecutor(executor);
            server.start();
            return new ArmEmulator(server, executor, endpoint, subscriptionId, tls, log, faults, state, ctx,
                    tlsConnections);
        }

        private void seed(ArmState state, SkuCatalog skus) {
            seedGroups.forEach((name, location) ->
                    state.putResourceGroup(name, ResourceGroupHandler.render(subscriptionId, name, location)));
            for (SeedVm seed : seedVms) {
                if (state.resourceGroup(seed.resourceGroup) == null) {
                    state.putResourceGroup(seed.resourceGroup,
                            ResourceGroupHandler.render(subscriptionId, seed.resourceGroup, seed.location));
                }
                VmSizeSpec spec = skus.vmSize(seed.location, seed.size).orElseThrow(() ->
                        new IllegalArgumentException("seed VM " + seed.name + ": no size " + seed.size + " in "
                                + seed.location));
                SimulatedVm vm = new SimulatedVm(subscriptionId, seed.resourceGroup, seed.name, seed.location);
                vm.size = spec.name();
                vm.zones = new ArrayList<>(seed.zones);
                vm.tags = new LinkedHashMap<>(seed.tags);
                vm.securityType = seed.securityType;
                vm.hyperVGeneration = seed.securityType == SecurityType.STANDARD ? seed.hyperVGeneration : "V2";
                vm.osType = seed.osType;
                vm.guest = seed.guest.copy();
                vm.power = seed.powerState;
                if (!vm.power.allocated()) {
                    vm.agent.deallocated();
                }
                vm.provisioningState = "Succeeded";
                vm.properties = seedProperties(seed, vm);
                state.putVm(vm);
            }
        }

        private ObjectNode seedProperties(SeedVm seed, SimulatedVm vm) {
            ObjectNode properties = Json.object();
            ObjectNode image = Json.objectAt(properties, "storageProfile", "imageReference");
            if (!seed.guest.server()) {
                image.put("publisher", "MicrosoftWindowsDesktop");
                image.put("offer", "windows-11");
                image.put("sku", seed.guest.edition() == WindowsGuest.Edition.WINDOWS_11_PRO ? "win11-23h2-pro"
                        : "win11-23h2-ent");
            } else {
                image.put("publisher", "MicrosoftWindowsServer");
                image.put("offer", "WindowsServer");
                image.put("sku", "V1".equals(vm.hyperVGeneration) ? "2022-datacenter" : seed.imageSku);
            }
            image.put("version", "latest");
            ObjectNode osProfile = Json.objectAt(properties, "osProfile");
            osProfile.put("computerName", seed.name);
            osProfile.put("adminUsername", "azureuser");
            osProfile.putObject("windowsConfiguration").put("provisionVMAgent", true);
            properties.putObject("networkProfile").putArray("networkInterfaces").addObject()
                    .put("id", "/subscriptions/" + subscriptionId + "/resourceGroups/" + seed.resourceGroup
                            + "/providers/Microsoft.Network/networkInterfaces/" + seed.name + "-nic");
            return properties;
        }

        private static InetAddress loopback() {
            try {
                return InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
            } catch (UnknownHostException impossible) {
                throw new IllegalStateException(impossible);
            }
        }

        private static java.util.concurrent.ThreadFactory daemonThreads() {
            AtomicInteger count = new AtomicInteger();
            return runnable -> {
                Thread thread = new Thread(runnable, "armlab-" + count.incrementAndGet());
                thread.setDaemon(true);
                return thread;
            };
        }

        static Path defaultCacheDir() {
            String xdg = System.getenv("XDG_CACHE_HOME");
            Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg)
                    : Path.of(System.getProperty("user.home"), ".cache");
            return base.resolve("provision").resolve("armlab");
        }
    }
}

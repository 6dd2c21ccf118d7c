package dev.provision.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Valid specs load into the model the planner expects: layers folded in order, defaults, anchored paths. */
class SpecLoaderTest {
    static final Path VALID = Path.of("src/test/resources/specs/valid");
    private final SpecLoader loader = new SpecLoader();

    @Test
    void layersFoldProfileThenSpecThenTargetAndVmEntriesKeepOnlyTheirOwnKeys() throws Exception {
        Spec spec = loader.load(VALID.resolve("layers.yaml"));
        TargetSpec lab = spec.targets().get(0);
        DesiredState d = lab.desired();

        assertEquals(PowerCyclePolicy.GRACEFUL, d.powerCycle(), "spec-wide over profile");
        assertEquals(Duration.ofSeconds(90), d.shutdownTimeout(), "target over profile");
        assertEquals(4, d.size().minVcpus(), "a partial size keeps the profile's minVcpus");
        assertEquals(32, d.size().minMemoryGiB(), "spec-wide minMemoryGiB over the profile's");
        assertEquals(List.of(GuestCheck.WSL), d.guest().checks(), "a partial guest keeps the profile's checks");
        assertEquals("Debian", d.guest().distro(), "target over profile");
        assertEquals(Boolean.TRUE, d.nestedVirtualization());

        VmSelector vdi01 = lab.vms().get(0);
        assertEquals("vdi-01", vdi01.name());
        assertEquals(new DesiredState(null, null, PowerCyclePolicy.FORCE, null, null, null, null),
                vdi01.overrides(), "only what the entry itself says");
        assertEquals(PowerCyclePolicy.FORCE, vdi01.overrides().overlay(lab.desired()).resolve().powerCycle());
        VmSelector pattern = lab.vms().get(1);
        assertTrue(pattern.isPattern());
        assertEquals(DesiredState.EMPTY, pattern.overrides());
        assertEquals(PowerCyclePolicy.GRACEFUL, pattern.overrides().overlay(lab.desired()).resolve().powerCycle());

        assertEquals(List.of(VALID.resolve("profiles/layer-profile.yaml").toString()), spec.extended());
        assertEquals(new SourceLocation(VALID.resolve("layers.yaml").toString(), 6, 5), lab.location());
        assertEquals(new SourceLocation(VALID.resolve("layers.yaml").toString(), 13, 9), vdi01.location());
    }

    @Test
    void everyKeyLoadsAndLandsInTheModel() throws Exception {
        Spec spec = loader.load(VALID.resolve("everything.yaml"));
        assertEquals(List.of("docker-desktop", "wsl2", VALID.resolve("profiles/site.yaml").toString()),
                spec.extended(), "depth first: site.yaml's own base comes before it");
        assertEquals(5, spec.targets().size());
        Path dir = VALID.toAbsolutePath().normalize();

        TargetSpec lab = spec.targets().get(0);
        LabSettings labConnection = assertInstanceOf(LabSettings.class, lab.connection());
        assertEquals(dir.resolve("state/lab.json"), labConnection.stateFile(), "anchored at the spec's folder");
        assertEquals(java.time.Duration.ofSeconds(2), labConnection.stepDelay());
        assertEquals(new LabVmSeed("vdi-01", true, false, 2, 8, "Enterprise", List.of("VirtualMachinePlatform"),
                false), labConnection.seed().get(0));
        assertEquals(new LabVmSeed("vdi-02", false, false, 2, 8, "Enterprise", List.of(), false),
                labConnection.seed().get(1), "defaults for what a seed leaves out");
        assertEquals(Duration.ofSeconds(90), lab.desired().shutdownTimeout());
        assertEquals(8, lab.vms().get(0).overrides().size().minVcpus());
        assertEquals("vdi-0[2-9]", lab.vms().get(1).pattern());

        DesiredState d = lab.desired();
        assertEquals(new SizeRequirement("Standard_D4s_v5", 4, 16, List.of("Standard_D4s_v5", "Standard_D8s_v5"),
                false), d.size());
        assertEquals(PowerCyclePolicy.GRACEFUL, d.powerCycle());
        assertEquals("Ubuntu", d.guest().distro(), "the spec over the site profile's Debian");
        assertEquals("builder", d.guest().user());
        assertEquals(List.of(GuestCheck.values()).size(), d.guest().checks().size());
        assertEquals("not-a-real-password", d.guest().password().resolve(Map.of()),
                "${file:} is anchored at the spec's folder");
        assertEquals(Boolean.FALSE, d.guest().enableFeatures());
        assertEquals(Boolean.FALSE, d.upgradeHardware());
        assertEquals(Boolean.FALSE, d.replaceTrustedLaunch());

        TargetSpec azure = spec.targets().get(1);
        AzureSettings az = assertInstanceOf(AzureSettings.class, azure.connection());
        assertEquals("0b1f6471-1bf0-4dda-aec3-cb9272f09590", az.subscription());
        assertEquals("eastus2", az.location());
        assertEquals("rg-vdi", az.resourceGroup());
        assertEquals("custom", az.cloud());
        assertEquals("https://localhost:8443", az.endpoint());
        assertEquals(dir.resolve("certs/ca.pem"), az.caFile());
        assertEquals("${env:PROVISION_TEST_SURELY_UNSET_TOKEN}", az.token().reference(),
                "an unset variable is not a load-time error");
        AzureVmTemplate t = az.template();
        assertEquals("MicrosoftWindowsDesktop:windows-11:win11-23h2-ent:latest", t.image());
        assertEquals("azureuser", t.adminUsername());
        assertEquals("${env:VM_ADMIN_PASSWORD}", t.adminPassword().reference());
        assertTrue(t.subnet().endsWith("/subnets/default"));
        assertEquals(Boolean.FALSE, t.publicIp());
        assertEquals(List.of("1"), t.zones());
        assertEquals("Premium_LRS", t.osDiskType());
        assertEquals("Standard", t.securityType());
        assertEquals(Boolean.TRUE, azure.vms().get(0).overrides().replaceTrustedLaunch());

        TargetSpec vcenter = spec.targets().get(2);
        VsphereSettings vs = assertInstanceOf(VsphereSettings.class, vcenter.connection());
        assertEquals("https://vcenter.example.com/sdk", vs.url());
        assertEquals("svc-provision@vsphere.local", vs.username());
        assertEquals("${env:VSPHERE_PASSWORD}", vs.password().reference());
        assertTrue(vs.thumbprint().startsWith("AB:CD:EF"));
        assertEquals(dir.resolve("certs/ca.pem"), vs.caFile());
        assertFalse(vs.insecure());
        assertEquals("DC1", vs.datacenter());
        assertEquals(Boolean.TRUE, vcenter.vms().get(0).overrides().upgradeHardware());

        AzureSettings rehearsal = assertInstanceOf(AzureSettings.class, spec.targets().get(3).connection());
        assertEquals("emulator", rehearsal.cloud());
        assertEquals(dir.resolve("state/arm.json"), rehearsal.emulator().stateFile());
        assertEquals(new AzureEmulator.Vm("az-01", "Standard_B2s", "running", "Standard"),
                rehearsal.emulator().vms().get(0));
        assertEquals(List.of("Standard_B2s", "Standard_B2ms"), rehearsal.emulator().hardwareCluster());

        VsphereSysprep sysprep = ((VsphereSettings) spec.targets().get(4).connection()).template().sysprep();
        assertEquals(new VsphereSysprep("PILOT-01", SecretRef.parse("${env:CLONE_ADMIN_PASSWORD}", dir), 110, null,
                "corp.example.com", "svc-join", SecretRef.parse("${env:DOMAIN_JOIN_PASSWORD}", dir), 1,
                SecretRef.parse("${env:WINDOWS_PRODUCT_KEY}", dir), "Desktop Team", "Example Corp",
                sysprep.location(), sysprep.locations()), sysprep);
    }

    @Test
    void theKitchenSinkSpecUsesEveryKeyOfEveryTable() throws Exception {
        String text = Files.readString(VALID.resolve("everything.yaml")) + Files.readString(
                VALID.resolve("profiles/site.yaml"));
        for (KeyTable table : SpecKeys.ALL) {
            for (String key : table.names()) {
                assertTrue(text.matches("(?s).*[\\s{,]" + key + ":.*"), table.id() + "." + key + " is not used");
            }
        }
    }

    @Test
    void profilesInADiamondAreFoldedOnceBelowBoth() throws Exception {
        Spec spec = loader.load(VALID.resolve("diamond.yaml"));
        DesiredState d = spec.targets().get(0).desired();
        assertEquals(PowerCyclePolicy.GRACEFUL, d.powerCycle(), "bottom, folded once, does not undo left");
        assertEquals(Duration.ofSeconds(30), d.shutdownTimeout());
        assertEquals(Boolean.FALSE, d.nestedVirtualization());
        assertEquals(3, spec.extended().size());
        assertTrue(spec.extended().get(0).endsWith("bottom.yaml"), spec.extended().toString());
    }

    @Test
    void defaultsWhenTheSpecSaysLittle() throws Exception {
        Spec spec = loader.load("""
                targets:
                  - name: lab
                    kind: lab
                    lab: {}
                    vms: [{pattern: "*"}]
                  - name: az
                    kind: azure
                    azure: {subscription: 0b1f6471-1bf0-4dda-aec3-cb9272f09590, location: westeurope, resourceGroup: rg}
                    vms: [{name: vm1}]
                """, Path.of("/specs/team/spec.yaml"));
        assertEquals(List.of(), spec.extended());
        TargetSpec lab = spec.targets().get(0);
        assertEquals(Path.of("/specs/team/.provision/lab-lab.json"),
                ((LabSettings) lab.connection()).stateFile(), "one state file per lab target by default");
        assertEquals(DesiredState.EMPTY, lab.desired());
        ResolvedDesiredState r = lab.desired().resolve();
        assertTrue(r.nestedVirtualization());
        assertEquals(PowerCyclePolicy.NEVER, r.powerCycle());
        assertEquals(DesiredState.DEFAULT_SHUTDOWN_TIMEOUT, r.shutdownTimeout());
        AzureSettings az = (AzureSettings) spec.targets().get(1).connection();
        assertEquals("AzureCloud", az.cloud());
        assertNull(az.endpoint());
        assertNull(az.token());
        assertNull(az.template());
    }

    @Test
    void anEndpointAloneMeansACustomCloudAndHttpIsFineForAnInsecureSimulator() throws Exception {
        Spec spec = loader.load("""
                targets:
                  - name: emulator
                    kind: azure
                    azure: {subscription: 0b1f6471-1bf0-4dda-aec3-cb9272f09590, location: local, resourceGroup: rg,
                            endpoint: "https://127.0.0.1:8443"}
                    vms: [{name: vm1}]
                  - name: vcsim
                    kind: vsphere
                    vsphere: {url: "http://127.0.0.1:8989/sdk", username: user, password: "${env:VCSIM_PASSWORD}",
                              insecure: true}
                    vms: [{pattern: "DC0_*"}]
                """, Path.of("spec.yaml"));
        assertEquals("custom", ((AzureSettings) spec.targets().get(0).connection()).cloud());
        VsphereSettings vs = (VsphereSettings) spec.targets().get(1).connection();
        assertTrue(vs.insecure());
        assertEquals("http://127.0.0.1:8989/sdk", vs.url());
    }

    @Test
    void durationsInShortAndIsoForm() throws Exception {
        for (var c : Map.of("90s", Duration.ofSeconds(90), "5m", Duration.ofMinutes(5), "1h", Duration.ofHours(1),
                "1h30m", Duration.ofMinutes(90), "PT2M", Duration.ofMinutes(2)).entrySet()) {
            Spec spec = loader.load("desired: {shutdownTimeout: " + c.getKey() + "}\n"
                    + "targets: [{name: lab, kind: lab, lab: {}, vms: [{name: a}]}]\n", Path.of("spec.yaml"));
            assertEquals(c.getValue(), spec.targets().get(0).desired().shutdownTimeout(), c.getKey());
        }
    }

    @Test
    void aliasesOfBlocksAreAllowedInModeration() throws Exception {
        Spec spec = loader.load("""
                targets:
                  - name: a
                    kind: lab
                    lab: {}
                    desired: &shared {powerCycle: force, shutdownTimeout: 2m}
                    vms: [{name: vm1}]
                  - name: b
                    kind: lab
                    lab: {}
                    desired: *shared
                    vms: [{name: vm1}]
                """, Path.of("spec.yaml"));
        assertEquals(spec.targets().get(0).desired(), spec.targets().get(1).desired());
    }

    @Test
    void digestCoversTheSpecAndEveryProfileAndChangesWhenAProfileDoes(@TempDir Path dir) throws Exception {
        Path profile = dir.resolve("base.yaml");
        Path specFile = dir.resolve("spec.yaml");
        Files.writeString(profile, "desired: {powerCycle: graceful}\n");
        Files.writeString(specFile, "extends: [docker-desktop, ./base.yaml]\n"
                + "targets: [{name: lab, kind: lab, lab: {}, vms: [{name: a}]}]\n");

        Spec first = loader.load(specFile);
        assertEquals(sha256(Files.readAllBytes(specFile), bundled("docker-desktop"), Files.readAllBytes(profile)),
                first.digest());
        assertEquals(first.digest(), loader.load(specFile).digest(), "same input, same digest");

        Files.writeString(profile, "desired: {powerCycle: force}\n");
        Spec second = loader.load(specFile);
        assertNotEquals(first.digest(), second.digest());
        assertEquals(PowerCyclePolicy.FORCE, second.targets().get(0).desired().powerCycle());
    }

    @Test
    void loadingFromTextResolvesRelativePathsBesideTheGivenFile() throws Exception {
        Spec spec = loader.load("""
                extends: ./profiles/site.yaml
                desired:
                  guest: {password: "${file:secrets/guest-password.txt}"}
                targets: [{name: lab, kind: lab, lab: {stateFile: s.json}, vms: [{name: a}]}]
                """, VALID.resolve("from-stdin.yaml"));
        assertEquals("Debian", spec.targets().get(0).desired().guest().distro());
        assertEquals(VALID.toAbsolutePath().normalize().resolve("s.json"),
                ((LabSettings) spec.targets().get(0).connection()).stateFile());
        assertEquals("not-a-real-password", spec.targets().get(0).desired().guest().password().resolve(Map.of()));
    }

    @Test
    void samplesLoad() throws Exception {
        for (String sample : List.of("samples/lab.yaml", "samples/mixed-fleet.yaml", "samples/azure.yaml",
                "samples/vsphere.yaml")) {
            Spec spec = loader.load(Path.of(sample));
            assertEquals(List.of("docker-desktop"), spec.extended(), sample);
            assertFalse(spec.targets().isEmpty(), sample);
        }
    }

    @Test
    void globMatchingOnSelectors() throws Exception {
        Spec spec = loader.load(VALID.resolve("everything.yaml"));
        Glob glob = Glob.compile(spec.targets().get(0).vms().get(1).pattern());
        assertTrue(glob.matches("vdi-02"));
        assertFalse(glob.matches("vdi-01"));
        assertFalse(glob.matches("vdi-10"));
    }

    @Test
    void diagnosticsRenderLikeACompiler() {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> loader.load(
                "targets:\n  - name: lab\n    kind: lab\n    lab: {}\n    vms: [{name: a, powerCycel: force}]\n",
                Path.of("team/spec.yaml")));
        assertEquals(List.of(Path.of("team/spec.yaml") + ":5:21: error: unknown key 'powerCycel' in a VM entry; "
                + "did you mean 'powerCycle'?"), e.diagnostics().stream().map(Diagnostic::render).toList());
    }

    private static byte[] bundled(String name) throws Exception {
        try (var in = SpecLoaderTest.class.getClassLoader().getResourceAsStream("profiles/" + name + ".yaml")) {
            return in.readAllBytes();
        }
    }

    private static String sha256(byte[]... parts) throws Exception {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            all.write(p);
        }
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(all.toByteArray()));
    }
}

package dev.provision.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.provision.boot.Providers;
import dev.provision.vsphere.VcsimAdapters;
import dev.provision.vsphere.sim.VcsimServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The template block's {@code network:} on vcsim: a clone's first network adapter is moved to the named network in
 * the clone's own config spec (a standard portgroup by its network, a distributed portgroup by its switch's uuid
 * and portgroup key), read back from the server afterwards; a template with no adapter to move is an error at the
 * network's line before anything is cloned. vcsim's default inventory has the standard "VM Network" and the
 * distributed portgroup "DC0_DVPG0", on which every VM's one adapter starts (govmomi simulator/model.go).
 */
class VsphereCloneNetworkCliTest {
    @TempDir
    Path dir;

    private VcsimServer vcsim;

    /**
     * The template starts as a VM that is off, so that a test can arrange its adapters before
     * {@link VcsimAdapters#markAsTemplate} (a template's devices cannot be reconfigured).
     */
    @BeforeEach
    void start() {
        vcsim = VsphereCloneSpecs.templateAndOneVm(false).start();
    }

    @AfterEach
    void stop() {
        vcsim.close();
    }

    private Path spec(String network) throws IOException {
        return VsphereCloneSpecs.write(dir, vcsim.url(), vcsim.username(), vcsim.thumbprint(), "network: " + network,
                "- name: vdi-new");
    }

    private CliRun run(String... args) {
        Map<String, String> env = Map.of("CI", "true", "VSPHERE_PASSWORD", vcsim.password());
        return CliRun.run(new Context(env, null, folder -> Providers.standard(folder, env)), args);
    }

    @Test
    void theClonesFirstAdapterIsMovedToTheNamedStandardPortgroup() throws IOException {
        String dvpg = VcsimAdapters.networkMoid(vcsim, "DC0_DVPG0");
        assertTrue(VcsimAdapters.backings(vcsim, "win11-template").get(0).startsWith("portgroup " + dvpg + " "),
                "the template starts on the distributed portgroup");
        VcsimAdapters.markAsTemplate(vcsim, "win11-template");
        Path spec = spec("VM Network");
        CliRun plan = run("plan", spec.toString());
        assertEquals(ExitCode.OK, plan.exit, plan.toString());
        assertTrue(plan.out.contains("first network adapter on VM Network"), plan.out);
        assertTrue(plan.out.contains("moves its first network adapter to VM Network before its first power-on"),
                plan.out);

        CliRun apply = run("apply", "--auto-approve", spec.toString());
        assertEquals(ExitCode.OK, apply.exit, apply.toString());
        String standard = VcsimAdapters.networkMoid(vcsim, "VM Network");
        assertEquals(List.of("network VM Network (" + standard + ")"), VcsimAdapters.backings(vcsim, "vdi-new"));
        assertTrue(VcsimAdapters.backings(vcsim, "win11-template").get(0).startsWith("portgroup " + dvpg + " "),
                "the template itself is unchanged");
        assertEquals(ExitCode.OK, run("plan", "--detailed-exitcode", spec.toString()).exit, "a second plan is a no-op");
    }

    @Test
    void theClonesFirstAdapterIsMovedToTheNamedDistributedPortgroup() throws IOException {
        String standard = VcsimAdapters.networkMoid(vcsim, "VM Network");
        VcsimAdapters.connectFirst(vcsim, "win11-template", "VM Network", "/DC0/network/VM Network");
        assertEquals(List.of("network VM Network (" + standard + ")"),
                VcsimAdapters.backings(vcsim, "win11-template"));
        VcsimAdapters.markAsTemplate(vcsim, "win11-template");

        CliRun apply = run("apply", "--auto-approve", spec("DC0_DVPG0").toString());
        assertEquals(ExitCode.OK, apply.exit, apply.toString());
        List<String> backings = VcsimAdapters.backings(vcsim, "vdi-new");
        assertEquals(1, backings.size(), backings.toString());
        String dvpg = VcsimAdapters.networkMoid(vcsim, "DC0_DVPG0");
        // vcsim checks the switch uuid against its switches (validateSwitchMembers): a wrong one fails the clone.
        assertTrue(backings.get(0).matches("portgroup " + dvpg + " of switch [0-9a-f -]{20,}"), backings.toString());
    }

    @Test
    void aTemplateWithoutAnAdapterIsAnErrorAtTheNetworksLineAndNothingIsCloned() throws IOException {
        VcsimAdapters.removeAll(vcsim, "win11-template");
        assertEquals(List.of(), VcsimAdapters.backings(vcsim, "win11-template"));
        VcsimAdapters.markAsTemplate(vcsim, "win11-template");
        Path spec = spec("VM Network");
        CliRun plan = run("apply", "--auto-approve", spec.toString());
        assertEquals(ExitCode.INVALID_INPUT, plan.exit, plan.toString());
        String at = spec + ":" + CliRun.position(spec, "VM Network") + ": error: template "
                + "'win11-template' has no network adapter";
        assertTrue(plan.err.contains(at), "expected '" + at + "' in:\n" + plan.err);
        assertFalse(plan.err.contains("Exception"), plan.err);
        assertFalse(plan.out.contains("vdi-new  create"), plan.out);
        assertEquals(List.of(), VcsimAdapters.vmsNamed(vcsim, "vdi-new"), "nothing was cloned");
    }
}

package dev.provision.vsphere;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The inventory answer is parsed while it arrives; a DOCTYPE must still refuse it wherever it sits: in the start
 * judged before streaming, in the middle of what the reader parses, or after all the reader needed. The fake
 * answers a read of 200 VMs (far more than the 4 KB judged first) and points an external entity at a local file.
 */
class StreamedAnswerTest {
    private enum Hostile { NONE, AT_START, IN_THE_MIDDLE, AFTER_THE_ENVELOPE, SPLIT_LOWER_CASE }

    private static final int VMS = 200;

    private static String vms() {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < VMS; i++) {
            out.append("<objects><obj type=\"VirtualMachine\">vm-").append(i).append("</obj>")
                    .append("<propSet><name>name</name><val xsi:type=\"xsd:string\">win-").append(i).append("</val></propSet>")
                    .append("<propSet><name>runtime.powerState</name><val xsi:type=\"VirtualMachinePowerState\">poweredOn</val></propSet>")
                    .append("<propSet><name>config.nestedHVEnabled</name><val xsi:type=\"xsd:boolean\">true</val></propSet>")
                    .append("<propSet><name>resourcePool</name><val type=\"ResourcePool\" xsi:type=\"ManagedObjectReference\">resgroup-1</val></propSet>")
                    .append("</objects>");
        }
        return out.toString();
    }

    private static byte[] answer(String request, Hostile hostile, String doctype) {
        String body = FakeVcenterEndpoint.sessionOrViewAnswer(request);
        if (body == null && request.contains("RetrievePropertiesEx")) {
            String vms = vms();
            String objects = switch (hostile) {
                case IN_THE_MIDDLE -> vms.substring(0, vms.length() / 2) + doctype + vms.substring(vms.length() / 2);
                default -> vms;
            };
            String whole = FakeVcenterEndpoint.ENVELOPE_START + "<RetrievePropertiesExResponse xmlns=\"urn:vim25\"><returnval>"
                    + objects + "</returnval></RetrievePropertiesExResponse>" + FakeVcenterEndpoint.ENVELOPE_END;
            whole = switch (hostile) {
                case AT_START -> whole.replace("?>", "?>" + doctype);
                case AFTER_THE_ENVELOPE -> whole + doctype;
                case SPLIT_LOWER_CASE -> whole.replace("</objects><objects>", "</objects>" + doctype.toLowerCase() + "<objects>");
                default -> whole;
            };
            if (hostile != Hostile.NONE) { // the entity the DOCTYPE declares, used in a VM's name
                whole = whole.replace(">win-7</val>", ">&secret;</val>");
            }
            return whole.getBytes(StandardCharsets.UTF_8);
        } else if (body == null) {
            throw new IllegalStateException("unexpected request: " + request);
        }
        return FakeVcenterEndpoint.envelope(body);
    }

    private static String doctype(Path dir) throws Exception {
        Path secret = dir.resolve("secret.txt");
        Files.writeString(secret, "TOP-SECRET-LOCAL-FILE");
        return "<!DOCTYPE soapenv:Envelope [<!ENTITY secret SYSTEM \"" + secret.toUri() + "\">]>";
    }

    @Test
    void aPlainAnswerIsStreamedAndRead(@TempDir Path dir) throws Exception {
        String doctype = doctype(dir);
        try (FakeVcenterEndpoint fake = new FakeVcenterEndpoint(dir, request -> answer(request, Hostile.NONE, doctype));
                VsphereConnection connection = VsphereConnection.open(fake.endpoint())) {
            VmInventory inventory = new InventoryReader(connection).readVms();
            assertEquals(VMS, inventory.vms().size());
            assertEquals("win-199", inventory.vms().get(VMS - 1).name());
        }
    }

    @Test
    void aDoctypeAnywhereRefusesTheAnswer(@TempDir Path dir) throws Exception {
        String doctype = doctype(dir);
        for (Hostile hostile : new Hostile[] {Hostile.AT_START, Hostile.IN_THE_MIDDLE, Hostile.AFTER_THE_ENVELOPE,
            Hostile.SPLIT_LOWER_CASE}) {
            Path own = Files.createDirectories(dir.resolve(hostile.name())); // one keystore per fake
            try (FakeVcenterEndpoint fake = new FakeVcenterEndpoint(own, request -> answer(request, hostile, doctype));
                    VsphereConnection connection = VsphereConnection.open(fake.endpoint())) {
                VsphereException.UnsafeResponse refused = assertThrows(VsphereException.UnsafeResponse.class,
                        () -> new InventoryReader(connection).readVms(), hostile.name());
                assertTrue(refused.getMessage().contains("DOCTYPE"), hostile + ": " + refused.getMessage());
                assertFalse(refused.getMessage().contains("TOP-SECRET"), refused.getMessage());
            }
        }
    }

    /** A marker split across the pieces a stream arrives in is found as in the whole. */
    @Test
    void theScanCarriesOverBetweenPieces() {
        Random random = new Random(9);
        byte[] alphabet = "<!DdOoCcTtYyPpEe x".getBytes(StandardCharsets.US_ASCII);
        for (int run = 0; run < 20_000; run++) {
            byte[] body = new byte[random.nextInt(30)];
            for (int i = 0; i < body.length; i++) {
                body[i] = alphabet[random.nextInt(alphabet.length)];
            }
            if (run % 2 == 0 && body.length >= 9) {
                System.arraycopy("<!DocTYPE".getBytes(StandardCharsets.US_ASCII), 0, body, random.nextInt(body.length - 8), 9);
            }
            DoctypeScanner scanner = new DoctypeScanner();
            boolean found = false;
            for (int at = 0; at < body.length; ) {
                int piece = 1 + random.nextInt(4);
                int n = Math.min(piece, body.length - at);
                found |= scanner.scan(body, at, n);
                at += n;
            }
            assertEquals(DoctypeScanner.contains(body), found, new String(body, StandardCharsets.US_ASCII));
        }
    }
}

package dev.provision.guest;

import dev.provision.spec.GuestCheck;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JunitReportTest {
    private static final String REPORT = JunitReport.render(SampleVerifications.all(), SampleVerifications.VERSION,
            SampleVerifications.WHEN);

    @Test
    void theReportIsValidAgainstTheJunitSchemaCiToolsRead() throws Exception {
        validate(REPORT);
    }

    @Test
    void oneSuitePerTargetOneCasePerVmAndCheck() throws Exception {
        Document doc = parse(REPORT);
        Element root = doc.getDocumentElement();
        assertEquals("testsuites", root.getTagName());
        NodeList suites = root.getElementsByTagName("testsuite");
        assertEquals(2, suites.getLength());
        assertEquals("azure-prod", ((Element) suites.item(0)).getAttribute("name"));
        assertEquals("vsphere-lab", ((Element) suites.item(1)).getAttribute("name"));
        // 4 VMs x 5 checks, and one VM that could not be probed.
        assertEquals("21", root.getAttribute("tests"));
        assertEquals(21, doc.getElementsByTagName("testcase").getLength());
        assertEquals("2026-03-14T09:26:53", ((Element) suites.item(0)).getAttribute("timestamp"));
        assertEquals("0.1.0", ((Element) doc.getElementsByTagName("property").item(0)).getAttribute("value"));
    }

    @Test
    void everyCountAttributeMatchesTheCasesItCounts() throws Exception {
        Document doc = parse(REPORT);
        NodeList suites = doc.getElementsByTagName("testsuite");
        int failures = 0;
        for (int i = 0; i < suites.getLength(); i++) {
            Element suite = (Element) suites.item(i);
            assertCounts(suite);
            failures += Integer.parseInt(suite.getAttribute("failures"));
        }
        assertCounts(doc.getDocumentElement());
        // win11-dev-02: VirtualMachinePlatform and the distro boot; ws2022-build: the edition.
        assertEquals(3, failures);
        assertEquals("1", doc.getDocumentElement().getAttribute("errors"));
        assertEquals("1", doc.getDocumentElement().getAttribute("skipped"));
    }

    @Test
    void aFailureCarriesCauseFixAndEvidence() throws Exception {
        Element boot = testcase(parse(REPORT), "azure-prod.win11-dev-02", GuestCheck.WSL2_BOOT.key());
        Element failure = (Element) boot.getElementsByTagName("failure").item(0);
        assertEquals("VirtualMachinePlatform is off", failure.getAttribute("message"));
        assertEquals("CheckFailed", failure.getAttribute("type"));
        assertTrue(failure.getTextContent().startsWith("VirtualMachinePlatform is off\nfix: enable "
                + "VirtualMachinePlatform and reboot\nevidence: Please enable"), failure.getTextContent());
    }

    @Test
    void skippedWarnedAndUnprobedCasesLookAsCiToolsExpect() throws Exception {
        Document doc = parse(REPORT);
        Element skipped = (Element) testcase(doc, "vsphere-lab.ws2022-build", "wsl2-boot")
                .getElementsByTagName("skipped").item(0);
        assertTrue(skipped.getAttribute("message").startsWith("no distro boot was attempted"));
        Element warned = testcase(doc, "vsphere-lab.win11-inbox-wsl", "wsl");
        assertEquals(0, warned.getElementsByTagName("failure").getLength(), "a warning passes");
        assertTrue(warned.getElementsByTagName("system-out").item(0).getTextContent()
                .startsWith("warning: wsl.exe did not report its version"));
        Element probe = testcase(doc, "azure-prod.win11-dev-03", JunitReport.PROBE_TESTCASE);
        Element error = (Element) probe.getElementsByTagName("error").item(0);
        assertEquals("Run Command failed: the VM agent is not ready (status NotReady)", error.getAttribute("message"));
        Element passed = testcase(doc, "azure-prod.win11-dev-01", "wsl2-boot");
        assertEquals("Ubuntu booted kernel 5.15.167.4-microsoft-standard-WSL2 (C:\\Program Files\\WSL\\wsl.exe)",
                passed.getElementsByTagName("system-out").item(0).getTextContent());
    }

    @Test
    void markupAndCharactersXmlCannotHoldAreEscaped() throws Exception {
        String evidence = "<failure message=\"x\"/> & ]]> \u0000\u001b[31mred\u001b[0m \ud800 tab\there \u2603";
        VmVerification hostile = new VmVerification("lab \"<&>\"", "vm'1", List.of(
                new CheckResult(GuestCheck.WSL, Verdict.FAIL, "cause with\nnewline & <tag>", "fix \"it\"", evidence)),
                null);
        String xml = JunitReport.render(List.of(hostile), "0.1.0", SampleVerifications.WHEN);
        validate(xml);
        Element testcase = (Element) parse(xml).getElementsByTagName("testcase").item(0);
        assertEquals("lab \"<&>\".vm'1", testcase.getAttribute("classname"));
        Element failure = (Element) testcase.getElementsByTagName("failure").item(0);
        assertEquals("cause with\nnewline & <tag>", failure.getAttribute("message"), "attribute line breaks survive");
        assertTrue(failure.getTextContent().endsWith("evidence: <failure message=\"x\"/> & ]]> \\u0000\\u001B[31mred"
                + "\\u001B[0m \\uD800 tab\there \u2603"), failure.getTextContent());
    }

    @Test
    void theSameInputGivesTheSameReport() {
        assertEquals(REPORT, JunitReport.render(SampleVerifications.all(), SampleVerifications.VERSION,
                SampleVerifications.WHEN));
    }

    @Test
    void noVerificationsStillMakeAValidReport() throws Exception {
        String xml = JunitReport.render(List.of(), "0.1.0", SampleVerifications.WHEN);
        validate(xml);
        assertEquals("0", parse(xml).getDocumentElement().getAttribute("tests"));
    }

    private static void assertCounts(Element suite) {
        NodeList cases = suite.getElementsByTagName("testcase");
        int failures = 0;
        int errors = 0;
        int skipped = 0;
        for (int i = 0; i < cases.getLength(); i++) {
            Element c = (Element) cases.item(i);
            failures += c.getElementsByTagName("failure").getLength();
            errors += c.getElementsByTagName("error").getLength();
            skipped += c.getElementsByTagName("skipped").getLength();
        }
        String name = suite.getTagName() + " " + suite.getAttribute("name");
        assertEquals(String.valueOf(cases.getLength()), suite.getAttribute("tests"), name);
        assertEquals(String.valueOf(failures), suite.getAttribute("failures"), name);
        assertEquals(String.valueOf(errors), suite.getAttribute("errors"), name);
        assertEquals(String.valueOf(skipped), suite.getAttribute("skipped"), name);
        assertEquals("0", suite.getAttribute("time"), name);
    }

    private static Element testcase(Document doc, String classname, String name) {
        NodeList cases = doc.getElementsByTagName("testcase");
        for (int i = 0; i < cases.getLength(); i++) {
            Element c = (Element) cases.item(i);
            if (c.getAttribute("classname").equals(classname) && c.getAttribute("name").equals(name)) {
                return c;
            }
        }
        throw new AssertionError("no testcase " + classname + " " + name);
    }

    static void validate(String xml) throws Exception {
        SchemaFactory factory = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
        factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        factory.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        Schema schema = factory.newSchema(new StreamSource(new StringReader(Fixtures.resource("/junit/junit.xsd"))));
        try {
            schema.newValidator().validate(new StreamSource(new StringReader(xml)));
        } catch (SAXException e) {
            throw new AssertionError("not valid JUnit XML: " + e.getMessage() + "\n" + xml, e);
        }
    }

    static Document parse(String xml) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }
}

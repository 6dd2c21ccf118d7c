package dev.provision.plan;

import dev.provision.model.Action;
import dev.provision.model.Blocked;
import dev.provision.model.Change;
import dev.provision.model.Disruption;
import dev.provision.model.PlanWarning;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.provision.spec.InvalidInputException;
import dev.provision.spec.PowerCyclePolicy;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PlanJsonTest {
    static Plan sample() {
        Change update = new Change("lab", "vdi-01", Action.UPDATE, List.of(Disruption.POWER_CYCLE),
                List.of("nested virtualization is off, wanted on"),
                Map.of("power", "on", "nestedVirtualization", false, "vcpus", "4"),
                Map.of("power", "on", "nestedVirtualization", true, "vcpus", "4"), null, PowerCyclePolicy.GRACEFUL,
                Duration.ofMinutes(5));
        Change pending = new Change("lab", "vdi-02", Action.UPDATE, List.of(Disruption.POWER_CYCLE), List.of("x"),
                Map.of("power", "on"), Map.of("power", "on"), Blocked.pending("VM is on"), PowerCyclePolicy.NEVER,
                Duration.ofSeconds(90));
        return new Plan(1, Instant.parse("2026-11-25T04:00:00Z"), "spec.yaml", "abc", List.of(update, pending),
                List.of(new PlanWarning("lab", "vdi-01", "Trusted Launch")));
    }

    @Test
    void theDocumentHasTheVersionedShapeOtherToolsRelyOn() throws Exception {
        JsonNode root = new ObjectMapper().readTree(PlanJson.write(sample()));
        assertEquals(1, root.get("formatVersion").asInt());
        JsonNode change = root.get("changes").get(0);
        for (String field : List.of("target", "vm", "action", "disruption", "reasons", "before", "after")) {
            assertTrue(change.has(field), "change has " + field);
        }
        assertEquals("update", change.get("action").asText());
        assertEquals("power-cycle", change.get("disruption").get(0).asText());
        assertTrue(change.get("before").isObject() && change.get("after").isObject());
        assertEquals(false, change.get("before").get("nestedVirtualization").asBoolean());
        assertTrue(root.get("warnings").isArray());
        assertEquals("pending", root.get("changes").get(1).get("blocked").get("kind").asText());
        List<String> order = new java.util.ArrayList<>();
        root.fieldNames().forEachRemaining(order::add);
        assertEquals(List.of("formatVersion", "changes", "warnings"), order.subList(0, 3), "documented fields first");
    }

    @Test
    void aSavedPlanReadsBackEqual() throws Exception {
        Plan plan = sample();
        assertEquals(plan, PlanJson.read(PlanJson.write(plan), "plan.json"));
    }

    @Test
    void aBrokenPlanFileIsInvalidInputWithItsPosition() {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> PlanJson.read("{\n  \"formatVersion\": 1,\n  \"changes\": [ oops ]\n}", "plan.json"));
        assertEquals(3, e.diagnostics().get(0).location().line());
        assertEquals("plan.json", e.diagnostics().get(0).location().file());
    }

    @Test
    void anotherFormatVersionIsRefused() {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> PlanJson.read("{\"formatVersion\": 2, \"changes\": []}", "plan.json"));
        assertTrue(e.getMessage().contains("formatVersion 2"));
    }

    @Test
    void aPlanMissingFieldsIsRefusedNotHalfRead() {
        assertThrows(InvalidInputException.class,
                () -> PlanJson.read("{\"formatVersion\": 1, \"changes\": [{\"target\": \"lab\"}]}", "plan.json"));
    }

    @Test
    void anUnknownWordInAPlanFileIsRefusedByName() {
        String saved = PlanJson.write(sample());
        for (String[] edit : new String[][] {{"\"update\"", "\"upgrade\"", "unknown action 'upgrade'"},
                {"\"power-cycle\"", "\"reboot-ish\"", "unknown disruption 'reboot-ish'"},
                {"\"pending\"", "\"later\"", "unknown blocked kind 'later'"},
                {"\"graceful\"", "\"gentle\"", "unknown powerCycle 'gentle'"}}) {
            InvalidInputException e = assertThrows(InvalidInputException.class,
                    () -> PlanJson.read(saved.replace(edit[0], edit[1]), "plan.json"));
            assertTrue(e.getMessage().contains("not a valid plan file: " + edit[2]), e.getMessage());
        }
    }
}

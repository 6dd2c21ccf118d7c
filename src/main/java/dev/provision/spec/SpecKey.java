package dev.provision.spec;

import java.util.List;

/**
 * One key a mapping in a spec may hold. The loader rejects keys no table lists and reads values by these types;
 * {@link SpecSchema} describes the same keys to editors — so the two cannot disagree about what a spec may say.
 *
 * @param values  the allowed words for ENUM and ENUM_LIST
 * @param nested  the table a MAPPING or MAPPING_LIST value follows
 * @param pattern a regular expression a STRING must match (also put in the schema)
 * @param minimum the least value of an INTEGER
 */
record SpecKey(String name, ValueType type, String description, boolean required, List<String> values,
               KeyTable nested, String pattern, Integer minimum) {

    static SpecKey of(String name, ValueType type, String description) {
        return new SpecKey(name, type, description, false, List.of(), null, null, null);
    }

    static SpecKey oneOf(String name, ValueType type, List<String> values, String description) {
        return new SpecKey(name, type, description, false, List.copyOf(values), null, null, null);
    }

    static SpecKey table(String name, ValueType type, KeyTable nested, String description) {
        return new SpecKey(name, type, description, false, List.of(), nested, null, null);
    }

    SpecKey mandatory() {
        return new SpecKey(name, type, description, true, values, nested, pattern, minimum);
    }

    SpecKey matching(String regex) {
        return new SpecKey(name, type, description, required, values, nested, regex, minimum);
    }

    SpecKey atLeast(int least) {
        return new SpecKey(name, type, description, required, values, nested, pattern, least);
    }
}

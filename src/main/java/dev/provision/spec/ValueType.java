package dev.provision.spec;

/** What a key's value must be; drives both the loader's type checks and the JSON Schema. */
enum ValueType {
    STRING("a text value"),
    INTEGER("a whole number"),
    BOOLEAN("true or false"),
    DURATION("a duration such as 90s, 5m or 1h"),
    SECRET("a secret reference: ${env:NAME} or ${file:path}"),
    PATH("a file path"),
    URL("a URL"),
    ENUM("one of a fixed set of words"),
    STRING_LIST("a list of text values"),
    ENUM_LIST("a list of words from a fixed set"),
    MAPPING("a mapping (key: value lines)"),
    MAPPING_LIST("a list of mappings"),
    NAME_OR_NAMES("a name or a list of names");

    final String expected;

    ValueType(String expected) {
        this.expected = expected;
    }
}

package dev.provision.cli;

import com.sun.management.ThreadMXBean;
import dev.provision.spec.Diagnostic;
import dev.provision.spec.InvalidInputException;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * What the spec and plan fuzzers share: a seeded run of tries (plain JUnit, {@link java.util.Random}; the seed is
 * printed so a finding replays), mutations of real files (as data, so a failure shows the edits beside the text), a
 * bounded run of one input (a time limit and an allocation limit per input, measured on the thread that read it),
 * and a tally of outcomes by message template for the figures in BENCHMARKS.md.
 */
final class Fuzz {
    /** A spec is at most 1 MiB; reading a few KiB of it must never take seconds, even on a loaded 2-core machine. */
    static final long TIMEOUT_SECONDS = 20;
    /** Allocated bytes per input. The loader allocates under 4 MiB for the worst input seen (BENCHMARKS.md); an alias bomb, far more. */
    static final long MAX_ALLOCATED_BYTES = 64L * 1024 * 1024;

    private static final ThreadMXBean THREADS = (ThreadMXBean) ManagementFactory.getThreadMXBean();
    private static final ExecutorService WORKER = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "fuzz-input");
        t.setDaemon(true); // a hung input must not keep the test JVM alive
        return t;
    });

    private Fuzz() {}

    enum Kind { FLIP_BYTE, DELETE_LINE, DUPLICATE_LINE, INDENT, DEDENT, INSERT_TOKEN, REPLACE_LINE_TAIL, TRUNCATE,
        NEST }

    /** One edit: where (a fraction of the text, in thousandths) and which token or amount. */
    record Mutation(Kind kind, int where, int arg) {
        byte[] apply(byte[] in, List<String> tokens) {
            int at = in.length == 0 ? 0 : (int) ((long) where * in.length / 1000) % Math.max(1, in.length);
            String text = new String(in, StandardCharsets.UTF_8);
            return switch (kind) {
                case FLIP_BYTE -> {
                    byte[] out = in.clone();
                    if (out.length > 0) {
                        out[at] ^= (byte) (1 << (arg % 8));
                    }
                    yield out;
                }
                case INSERT_TOKEN -> splice(in, at, 0, tokens.get(arg % tokens.size()).getBytes(StandardCharsets.UTF_8));
                case REPLACE_LINE_TAIL -> {
                    int end = indexOf(in, (byte) '\n', at);
                    yield splice(in, at, end - at, tokens.get(arg % tokens.size()).getBytes(StandardCharsets.UTF_8));
                }
                case TRUNCATE -> Arrays.copyOf(in, at);
                case NEST -> splice(in, at, 0, nesting(arg).getBytes(StandardCharsets.UTF_8));
                default -> lines(text, at, arg).getBytes(StandardCharsets.UTF_8);
            };
        }

        private String lines(String text, int at, int arg) {
            List<String> lines = new ArrayList<>(Arrays.asList(text.split("\n", -1)));
            int line = Math.min(lines.size() - 1, (int) text.substring(0, Math.min(at, text.length())).chars()
                    .filter(c -> c == '\n').count());
            line = Math.max(0, line);
            switch (kind) {
                case DELETE_LINE -> lines.remove(line);
                case DUPLICATE_LINE -> lines.add(line, lines.get(line));
                case INDENT -> lines.set(line, " ".repeat(1 + arg % 4) + lines.get(line));
                case DEDENT -> lines.set(line, lines.get(line).replaceFirst("^ {1," + (1 + arg % 4) + "}", ""));
                default -> throw new IllegalStateException(kind.name());
            }
            return String.join("\n", lines);
        }
    }

    /** Deep nesting in both flow styles, past every depth limit the readers have (YAML 30, JSON 1000). */
    static String nesting(int arg) {
        int depth = 10 + (arg % 4) * 700;
        return arg % 2 == 0 ? "[".repeat(depth) + "]".repeat(depth) : "{a: ".repeat(depth) + "1" + "}".repeat(depth);
    }

    /**
     * One to {@code maxEdits} edits drawn from {@code random}; one edit half the time, because a single edit leaves
     * the rest of the file valid and so reaches the checks deep in the readers, past the YAML or JSON syntax.
     */
    static List<Mutation> mutations(Random random, int maxEdits) {
        Kind[] kinds = Kind.values();
        List<Mutation> edits = new ArrayList<>();
        for (int i = random.nextBoolean() ? 1 : 1 + random.nextInt(maxEdits); i > 0; i--) {
            edits.add(new Mutation(kinds[random.nextInt(kinds.length)], edge(random, 999), edge(random, 9_999)));
        }
        return edits;
    }

    /**
     * 0..max, but the ends one time in ten: a uniform draw almost never truncates to nothing, edits the very first
     * byte or picks the first token, and those are the inputs readers get wrong most often.
     */
    private static int edge(Random random, int max) {
        return random.nextInt(10) == 0 ? (random.nextBoolean() ? 0 : max) : random.nextInt(max + 1);
    }

    /** One try of a fuzzer: its number (from 0) and a random source of its own, so it replays alone. */
    /** The seed of the short run in mvn verify (any fixed number; this one covered both fuzzers' findings so far). */
    static final long VERIFY_SEED = 6658140314080598611L;

    interface Try {
        void run(int number, Random random) throws Exception;
    }

    /**
     * Runs {@code fuzz.tries} tries (default 500, what {@code mvn verify} runs; the fuzz profile sets 5,000) from the
     * seed {@code fuzz.seed}: a fixed one when not set, so that {@code mvn verify} is a reproducible guard (a new
     * finding must not turn CI red at random), and a fresh one for {@code random}, which the fuzz profile's longer
     * run sets to explore further. Each try gets a random source
     * derived from the seed and its number, so {@code -Dfuzz.seed=S -Dfuzz.try=N} replays the failing try alone.
     * The first failure stops the run and names the seed and the try; the input is in the failure's message.
     */
    static void run(String name, Try body) throws Exception {
        String asked = System.getProperty("fuzz.seed", "");
        long seed = asked.isBlank() ? VERIFY_SEED : asked.equals("random") ? new Random().nextLong()
                : Long.parseLong(asked);
        int tries = Integer.getInteger("fuzz.tries", 500);
        Integer only = Integer.getInteger("fuzz.try");
        System.out.printf("%s: %d tries from seed %d (replay with -Dfuzz.seed=%d)%n", name,
                only == null ? tries : 1, seed, seed);
        for (int number = only == null ? 0 : only; number < (only == null ? tries : only + 1); number++) {
            Random random = new Random(seed ^ (number * 0x9E3779B97F4A7C15L));
            try {
                body.run(number, random);
            } catch (Exception | AssertionError e) {
                throw new AssertionError(name + " failed at try " + number + " of seed " + seed + "; replay with "
                        + "-Dfuzz.seed=" + seed + " -Dfuzz.try=" + number + "\n" + e.getMessage(), e);
            }
        }
    }

    /** One input of a try: the seed file it came from, the edits, and the result as bytes and as shown on failure. */
    record Input(Path seed, byte[] bytes, String text, String shown) {}

    /** Draws a seed file and up to four edits, and applies them. */
    static Input input(Random random, List<Path> seeds, List<String> tokens) throws IOException {
        Path seed = seeds.get(random.nextInt(seeds.size()));
        List<Mutation> edits = mutations(random, 4);
        byte[] bytes = mutate(Files.readAllBytes(seed), edits, tokens);
        String text = new String(bytes, StandardCharsets.UTF_8);
        return new Input(seed, bytes, text, seed + " with " + edits + ":\n" + text);
    }

    static byte[] mutate(byte[] seed, List<Mutation> edits, List<String> tokens) {
        byte[] out = seed;
        for (Mutation m : edits) {
            out = m.apply(out, tokens);
        }
        return out;
    }

    private static byte[] splice(byte[] in, int at, int remove, byte[] insert) {
        byte[] out = new byte[in.length - remove + insert.length];
        System.arraycopy(in, 0, out, 0, at);
        System.arraycopy(insert, 0, out, at, insert.length);
        System.arraycopy(in, at + remove, out, at + insert.length, in.length - at - remove);
        return out;
    }

    private static int indexOf(byte[] in, byte b, int from) {
        for (int i = from; i < in.length; i++) {
            if (in[i] == b) {
                return i;
            }
        }
        return in.length;
    }

    /** Something that reads one input and returns a value or throws the user-input exception. */
    interface Reader<T> {
        T read() throws Exception;
    }

    /** How one input ended: the value, or the user-input exception; anything else fails the caller. */
    record Outcome<T>(T value, InvalidInputException invalid, long allocatedBytes) {}

    /**
     * Runs {@code reader} on its own thread within {@link #TIMEOUT_SECONDS}, and measures what that thread
     * allocated. A hang, too much memory, or any exception other than {@link InvalidInputException} is an
     * {@link AssertionError} that names the input.
     */
    static <T> Outcome<T> bounded(String input, Reader<T> reader) {
        Future<Outcome<T>> future = WORKER.submit(() -> {
            long id = Thread.currentThread().getId();
            long before = THREADS.getThreadAllocatedBytes(id);
            T value = null;
            InvalidInputException invalid = null;
            try {
                value = reader.read();
            } catch (InvalidInputException e) {
                invalid = e;
            }
            return new Outcome<>(value, invalid, THREADS.getThreadAllocatedBytes(id) - before);
        });
        Outcome<T> outcome;
        try {
            outcome = future.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new AssertionError("hang: no answer within " + TIMEOUT_SECONDS + " s for input:\n" + input);
        } catch (ExecutionException e) {
            throw new AssertionError("internal error " + e.getCause() + " for input:\n" + input, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        if (outcome.allocatedBytes() > MAX_ALLOCATED_BYTES) {
            throw new AssertionError("allocated " + outcome.allocatedBytes() + " bytes (limit " + MAX_ALLOCATED_BYTES
                    + ") for input:\n" + input);
        }
        return outcome;
    }

    /** A message with its variable parts (quoted words, numbers, paths) blanked: the kind of diagnostic it is. */
    static String template(Diagnostic d) {
        return d.message().replaceAll("'[^']*'|\"[^\"]*\"|`[^`]*`", "'_'").replaceAll("\\*\\S+|&\\S+", "*_")
                .replaceAll("\\d+", "N").replaceAll("\\([^)]*\\)", "(_)");
    }

    /** The outcomes of one fuzzer, counted by template, written where the benchmark section can quote them. */
    static final class Tally {
        private final String name;
        private final Map<String, Integer> outcomes = new TreeMap<>();
        private long tried;
        private long maxAllocated;
        private long cliTried;

        Tally(String name) {
            this.name = name;
        }

        synchronized void count(Outcome<?> outcome, List<String> templates) {
            tried++;
            maxAllocated = Math.max(maxAllocated, outcome.allocatedBytes());
            templates.forEach(t -> outcomes.merge(t, 1, Integer::sum));
        }

        synchronized void countCli() {
            cliTried++;
        }

        synchronized void write() throws IOException {
            Path dir = Files.createDirectories(Path.of("target/fuzz"));
            String body = "# " + name + "\n\ninputs tried: " + tried + " (through the command line: " + cliTried
                    + ")\ndistinct outcomes (valid, or diagnostic templates): " + outcomes.size()
                    + "\nmost bytes allocated for one input: " + maxAllocated + "\n\n"
                    + outcomes.entrySet().stream().map(e -> e.getValue() + "\t" + e.getKey())
                    .collect(Collectors.joining("\n")) + "\n";
            Files.writeString(dir.resolve(name + ".md"), body);
            System.out.printf("%s: %d inputs (%d through the CLI), %d distinct outcomes, at most %d bytes "
                    + "allocated per input; details in target/fuzz/%s.md%n", name, tried, cliTried, outcomes.size(),
                    maxAllocated, name);
        }
    }
}

package org.glimmr.serving;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.glimmr.serving.data.Db;
import org.junit.jupiter.api.Test;

/**
 * Only the HTTP layer ({@code http/}, and the {@code routes/} built on it) knows HTTP: the packages below it (data,
 * auth, airflow, …) report failures as {@code ServingException} and refer to nothing of Javalin, {@code http/} or
 * {@code routes/}. Only the top package, which wires the layers together, knows both. Read from the compiled
 * classes, so a fully qualified name counts as much as an import.
 */
class ServingLayersTest {
    private static final Set<String> HTTP_LAYER = Set.of("http", "routes");
    private static final List<String> HTTP_NAMES =
            List.of("io/javalin/", "org/glimmr/serving/http/", "org/glimmr/serving/routes/");

    @Test
    void onlyTheHttpLayerKnowsHttp() {
        Map<String, List<String>> below = references(p -> !HTTP_LAYER.contains(p));

        assertThat(below.keySet()).as("classes read below the HTTP layer").anyMatch(c -> c.startsWith("data/"))
                .anyMatch(c -> c.startsWith("auth/")).anyMatch(c -> c.startsWith("airflow/"));
        below.values().removeIf(List::isEmpty);
        assertThat(below).as("classes below the HTTP layer that refer to it (throw a ServingException instead;"
                + " http.ApiErrors answers it)").isEmpty();
    }

    @Test
    void theScanSeesHttpWhereItIs() {
        assertThat(references(HTTP_LAYER::contains)).as("HTTP names in the HTTP layer's classes")
                .hasEntrySatisfying("http/Guard.class", names -> assertThat(names).contains("io/javalin/"));
    }

    /** The HTTP names each class of the chosen sub-packages refers to, by path below org/glimmr/serving. */
    private static Map<String, List<String>> references(Predicate<String> subPackage) {
        Path root = classes().resolve("org/glimmr/serving");
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(f -> f.toString().endsWith(".class")).map(root::relativize)
                    .filter(f -> f.getNameCount() > 1 && subPackage.test(f.getName(0).toString()))
                    .collect(Collectors.toMap(Path::toString, f -> namesIn(root.resolve(f)), (a, b) -> a, TreeMap::new));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Class names sit in the constant pool as plain ASCII ({@code io/javalin/http/Context}). */
    private static List<String> namesIn(Path classFile) {
        try {
            String bytes = new String(Files.readAllBytes(classFile), ISO_8859_1);
            return HTTP_NAMES.stream().filter(bytes::contains).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path classes() {
        try {
            return Path.of(Db.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}

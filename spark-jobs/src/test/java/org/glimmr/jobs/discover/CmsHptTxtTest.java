package org.glimmr.jobs.discover;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.glimmr.mrf.CmsHptFiles;
import org.junit.jupiter.api.Test;

class CmsHptTxtTest {
    @Test
    void everyRealCmsHptTxtGivesOneEntryPerLocationWithAnHttpMrfUrl() throws Exception {
        Path real = CmsHptFiles.root().resolve("files/real");
        List<Path> files;
        try (Stream<Path> s = Files.walk(real)) {
            files = s.filter(p -> p.getFileName().toString().equals("cms-hpt.txt") || p.getFileName().toString().endsWith("-pointer.txt")).toList();
        }
        assertThat(files).hasSizeGreaterThan(20);
        for (Path file : files) {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            long locations = text.lines().filter(l -> l.strip().toLowerCase().startsWith("location-name")).count();
            CmsHptTxt.Parsed parsed = CmsHptTxt.parse(text);
            assertThat(parsed.entries()).as(file.toString()).hasSize((int) locations);
            assertThat(parsed.entries()).as(file.toString()).allSatisfy(e -> {
                assertThat(e.usable()).isTrue();
                assertThat(e.mrfUrl().orElseThrow()).startsWith("https://");
                assertThat(e.locationName().orElseThrow()).isEqualTo(e.locationName().orElseThrow().strip());
            });
            assertThat(parsed.problems()).as(file.toString()).isEmpty();
        }
    }

    @Test
    void toleratesBomCrlfMissingBlankLinesAndKeyVariants() {
        String text = "\uFEFFLocation-Name:General Hospital  \r\nsource_page_url : https://h.example/prices\r\n"
                + "MRF URL: https://h.example/files/standard charges.csv\r\ncontact-name: Blackwell,Sheila\r\n"
                + "contact-email: a@h.example\r\nlocation-name: North Clinic\r\nmrf-url: https://h.example/n.csv.zip\r\n"
                + "# a comment\r\n\r\n\r\nlocation-name: Third\nmrf-url:http://h.example/t.json";
        CmsHptTxt.Parsed parsed = CmsHptTxt.parse(text);
        assertThat(parsed.entries()).extracting(e -> e.locationName().orElseThrow()).containsExactly("General Hospital", "North Clinic", "Third");
        assertThat(parsed.entries()).allMatch(CmsHptTxt.Entry::usable);
        assertThat(parsed.entries().get(0).mrfUrl()).contains("https://h.example/files/standard charges.csv");
        assertThat(parsed.entries().get(0).contactName()).contains("Blackwell,Sheila");
        assertThat(parsed.entries().get(1).problems()).contains("source-page-url missing", "contact-name missing");
        assertThat(parsed.problems()).isEmpty();
    }

    @Test
    void entriesWithoutAFetchableMrfUrlAndStrayLinesAreReported() {
        String text = "location-name: A\nmrf-url: ftp://h.example/a.csv\n\nlocation-name: B\ncontact-name: x\n\n"
                + "location-name: C\nmrf-url: https://h.example/c.csv\nthis line is not a field\nfavourite-colour: blue\n";
        CmsHptTxt.Parsed parsed = CmsHptTxt.parse(text);
        assertThat(parsed.entries()).extracting(CmsHptTxt.Entry::usable).containsExactly(false, false, true);
        assertThat(parsed.entries().get(0).problems()).anyMatch(p -> p.contains("not an http or https URL"));
        assertThat(parsed.entries().get(1).problems()).contains("mrf-url missing");
        assertThat(parsed.problems()).hasSize(2).anyMatch(p -> p.startsWith("line 9: not a 'key: value' line"))
                .anyMatch(p -> p.contains("unknown key 'favourite-colour'"));
        assertThat(parsed.anyUsable()).isTrue();

        CmsHptTxt.Parsed garbage = CmsHptTxt.parse("Hello, this is not the file you are looking for.");
        assertThat(garbage.entries()).isEmpty();
        assertThat(garbage.anyUsable()).isFalse();
        assertThat(garbage.problems()).anyMatch(p -> p.contains("no location block"));
    }
}

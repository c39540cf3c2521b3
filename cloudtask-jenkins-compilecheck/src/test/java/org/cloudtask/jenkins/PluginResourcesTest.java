package org.cloudtask.jenkins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.io.IOException;
import java.io.Reader;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * Checks the plugin's views and texts without Jenkins: what the default build can check of what only a real Jenkins
 * would render. Views and help files must be well-formed XML, every form field must have a help file, a getter and
 * a setter, the step and the builder must have the same fields, and every message key used must exist.
 */
class PluginResourcesTest {

    private static final Path PLUGIN = Path.of(System.getProperty("cloudtask.plugin.dir", "../cloudtask-jenkins"));
    private static final Path RESOURCES = PLUGIN.resolve("src/main/resources/org/cloudtask/jenkins");
    private static final Path HELP = RESOURCES.resolve("CloudTaskStep");

    @Test
    void everyViewAndHelpFileIsWellFormedXml() throws IOException {
        List<Path> files = filesEndingWith(".jelly", ".html");
        assertThat(files).hasSizeGreaterThan(20);
        for (Path file : files) {
            assertThatCode(() -> DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile()))
                    .as(file.toString()).doesNotThrowAnyException();
        }
    }

    @Test
    void everyFormFieldHasAHelpFileAGetterAndASetter() throws IOException {
        Set<String> fields = formFields();
        assertThat(fields).contains("command", "inputs", "split", "credentialsId", "cloud", "template", "timeout");
        for (String field : fields) {
            assertThat(HELP.resolve("help-" + field + ".html")).as("help for " + field).exists();
            assertThat(hasGetter(CloudTaskStep.class, field)).as("getter for " + field).isTrue();
        }
        Set<String> settable = new TreeSet<>(setterFields(CloudTaskStep.class));
        settable.add("command");
        assertThat(settable).isEqualTo(fields);
    }

    @Test
    void theStepAndTheBuilderHaveTheSameFields() {
        assertThat(setterFields(CloudTaskBuilder.class)).isEqualTo(setterFields(CloudTaskStep.class));
    }

    @Test
    void everyMessageKeyUsedInTheSourcesExists() throws IOException {
        Properties messages = new Properties();
        try (Reader in = Files.newBufferedReader(RESOURCES.resolve("Messages.properties"), StandardCharsets.UTF_8)) {
            messages.load(in);
        }
        Pattern use = Pattern.compile("PluginText\\.get\\(\"([^\"]+)\"");
        Set<String> used = new TreeSet<>();
        try (Stream<Path> sources = Files.walk(PLUGIN.resolve("src/main/java"))) {
            for (Path source : sources.filter(p -> p.toString().endsWith(".java")).toList()) {
                Matcher m = use.matcher(Files.readString(source));
                while (m.find()) used.add(m.group(1));
            }
        }
        assertThat(used).isNotEmpty();
        assertThat(messages.stringPropertyNames()).containsAll(used);
    }

    @Test
    void everyPropertyTheBuildPagesReadExistsOnTheAction() throws IOException {
        Pattern property = Pattern.compile("\\bit\\.([a-zA-Z]+)(\\()?");
        for (String view : List.of("CloudTaskAction/summary.jelly", "CloudTaskAction/index.jelly")) {
            Matcher m = property.matcher(Files.readString(RESOURCES.resolve(view)));
            while (m.find()) {
                String name = m.group(1);
                boolean call = m.group(2) != null;
                boolean exists = call
                        ? Arrays.stream(CloudTaskAction.class.getMethods()).anyMatch(x -> x.getName().equals(name))
                        : hasGetter(CloudTaskAction.class, name);
                assertThat(exists).as(view + " reads it." + name).isTrue();
            }
        }
    }

    private static Set<String> formFields() throws IOException {
        String form = Files.readString(RESOURCES.resolve("CloudTaskStep/config.jelly"));
        Matcher m = Pattern.compile("field=\"([A-Za-z]+)\"").matcher(form);
        Set<String> fields = new TreeSet<>();
        while (m.find()) fields.add(m.group(1));
        return fields;
    }

    private static Set<String> setterFields(Class<?> type) {
        return Arrays.stream(type.getMethods())
                .filter(method -> method.isAnnotationPresent(DataBoundSetter.class))
                .map(method -> Character.toLowerCase(method.getName().charAt(3)) + method.getName().substring(4))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static boolean hasGetter(Class<?> type, String field) {
        String suffix = Character.toUpperCase(field.charAt(0)) + field.substring(1);
        return Arrays.stream(type.getMethods()).map(Method::getName)
                .anyMatch(name -> name.equals("get" + suffix) || name.equals("is" + suffix));
    }

    private static List<Path> filesEndingWith(String... endings) throws IOException {
        try (Stream<Path> all = Files.walk(RESOURCES)) {
            return all.filter(p -> Arrays.stream(endings).anyMatch(e -> p.toString().endsWith(e))).toList();
        }
    }

    /** The docs say every form method is POST-only: each doFill/doCheck method of both descriptors has @POST. */
    @Test
    void everyFormMethodOfBothDescriptorsIsPostOnly() {
        List<String> formMethods = new java.util.ArrayList<>();
        for (Class<?> descriptor : List.of(CloudTaskBuilder.DescriptorImpl.class, CloudTaskStep.DescriptorImpl.class)) {
            for (Method method : descriptor.getDeclaredMethods()) {
                if (!method.getName().matches("doFill.*Items|doCheck.*")) continue;
                formMethods.add(method.getName());
                assertThat(method.isAnnotationPresent(org.kohsuke.stapler.verb.POST.class)).as(method.toString()).isTrue();
            }
        }
        assertThat(formMethods).contains("doFillHostKeyPolicyItems", "doFillFailBuildOnItems", "doCheckSplit");
    }
}

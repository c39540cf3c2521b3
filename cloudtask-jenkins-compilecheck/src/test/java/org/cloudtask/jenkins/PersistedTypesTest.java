package org.cloudtask.jenkins;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.net.URISyntaxException;
import java.security.CodeSource;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import org.cloudtask.jenkins.support.TaskParameters;
import org.junit.jupiter.api.Test;

/**
 * Every type that Jenkins persists from this plugin with XStream (the builder in config.xml, the action in build.xml)
 * must pass Jenkins' class filter (JEP-200). (The step's execution goes to program.dat through River, which
 * workflow-support 1010's RiverReader reads with a plain SimpleClassResolver, no filter; it is walked here too, as
 * the stricter check does no harm.) Core 2.504.3's
 * {@code ClassFilterImpl.isLocationWhitelisted} permits a class by the jar it was loaded from: Jenkins core, a jar
 * with a plugin manifest (the plugin's own classes), or a jar whose manifest says
 * {@code Jenkins-ClassFilter-Whitelisted: true}. This walks the persisted fields by reflection, as XStream does, and
 * checks each reachable class's code source the same way, on the jars the build made.
 */
class PersistedTypesTest {

    /** What Jenkins persists of this plugin. */
    private static final List<Class<?>> PERSISTED = List.of(
            CloudTaskBuilder.class, CloudTaskStep.class, CloudTaskStep.Execution.class, CloudTaskAction.class);

    /** JDK types XStream writes with its own converters, or that core's whitelisted-classes.txt permits. */
    private static final Set<Class<?>> JDK_TYPES = Set.of(String.class, Integer.class, Long.class, Boolean.class,
            List.class, java.util.ArrayList.class);

    @Test
    void theSupportJarThatHoldsPersistedTypesIsWhitelistedForJenkinsClassFilter() throws Exception {
        File jar = codeSource(TaskParameters.class);
        assertThat(jar).as("TaskParameters must come from the built jar (run mvn verify, which packages it first)")
                .isFile();
        try (JarFile file = new JarFile(jar)) {
            Manifest manifest = file.getManifest();
            assertThat(manifest.getMainAttributes().getValue("Jenkins-ClassFilter-Whitelisted"))
                    .as(jar + " manifest").isEqualTo("true");
        }
    }

    @Test
    void everyTypeReachableFromPersistedFieldsPassesTheClassFilter() throws Exception {
        Set<Class<?>> reachable = reachableTypes();
        assertThat(reachable).contains(TaskParameters.class);
        for (Class<?> type : reachable) {
            if (type.isPrimitive() || JDK_TYPES.contains(type)) continue;
            assertThat(type.getName()).as("a persisted type outside the JDK and cloudtask").startsWith("org.cloudtask.");
            if (type.getPackageName().equals("org.cloudtask.jenkins")) continue; // the plugin's jar: a plugin manifest
            File location = codeSource(type);
            assertThat(location).as(type + " must come from a built jar").isFile();
            assertThat(whitelisted(location)).as(type + " from " + location + ": no Jenkins-ClassFilter-Whitelisted")
                    .isTrue();
        }
    }

    /** The classes of every non-static, non-transient field, following cloudtask's own types and type arguments. */
    private static Set<Class<?>> reachableTypes() {
        Set<Class<?>> seen = new LinkedHashSet<>();
        Deque<Class<?>> todo = new ArrayDeque<>(PERSISTED);
        while (!todo.isEmpty()) {
            Class<?> type = todo.pop();
            for (Class<?> c = type; c != null && c.getName().startsWith("org.cloudtask."); c = c.getSuperclass()) {
                for (Field field : c.getDeclaredFields()) {
                    if (Modifier.isStatic(field.getModifiers()) || Modifier.isTransient(field.getModifiers())) continue;
                    for (Class<?> used : classesOf(field.getGenericType())) {
                        if (seen.add(used) && used.getName().startsWith("org.cloudtask.")) todo.push(used);
                    }
                }
            }
        }
        return seen;
    }

    private static Set<Class<?>> classesOf(Type type) {
        Set<Class<?>> classes = new LinkedHashSet<>();
        if (type instanceof Class<?> c) {
            classes.add(c.isArray() ? c.getComponentType() : c);
        } else if (type instanceof ParameterizedType p) {
            classes.addAll(classesOf(p.getRawType()));
            for (Type argument : p.getActualTypeArguments()) classes.addAll(classesOf(argument));
        } else {
            throw new AssertionError("a persisted field of a type XStream cannot name: " + type);
        }
        return classes;
    }

    private static File codeSource(Class<?> type) throws URISyntaxException {
        CodeSource source = type.getProtectionDomain().getCodeSource();
        return new File(source.getLocation().toURI());
    }

    /** As core's ClassFilterImpl.isPluginManifest: a plugin's manifest, or the explicit entry. */
    private static boolean whitelisted(File jar) throws IOException {
        try (JarFile file = new JarFile(jar)) {
            Manifest manifest = file.getManifest();
            if (manifest == null) return false;
            var attributes = manifest.getMainAttributes();
            boolean plugin = attributes.getValue("Short-Name") != null
                    && (attributes.getValue("Plugin-Version") != null || attributes.getValue("Jenkins-Version") != null);
            return plugin || "true".equals(attributes.getValue("Jenkins-ClassFilter-Whitelisted"));
        }
    }
}

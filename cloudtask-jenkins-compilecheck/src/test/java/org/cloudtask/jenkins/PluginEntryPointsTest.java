package org.cloudtask.jenkins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Field;
import java.lang.reflect.Member;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every member of the plugin that Jenkins calls by annotation is reachable the way Jenkins calls it. Core 2.504.3's
 * {@code TaskMethodFinder.invoke} runs {@code @Initializer} and {@code @Terminator} methods with
 * {@code Method.invoke} and no {@code setAccessible}: the method and every class around it must be public, which is
 * exactly what a public lookup from another module can reach. {@code @Extension} classes are instantiated by Guice
 * (ExtensionFinder.GuiceFinder): a nested one must be static, and needs a no-argument constructor.
 */
class PluginEntryPointsTest {

    private static final Set<String> CALLED_BY_JENKINS = Set.of("hudson.init.Initializer", "hudson.init.Terminator");

    @Test
    void everyInitializerAndTerminatorIsPublicInPublicClassesSoTaskMethodFinderCanInvokeIt() throws Exception {
        List<Method> methods = new ArrayList<>();
        for (Class<?> type : pluginClasses()) {
            for (Method method : type.getDeclaredMethods()) {
                if (annotated(method, CALLED_BY_JENKINS)) methods.add(method);
            }
        }
        assertThat(methods).extracting(Method::getName).contains("abortRunningTasks");
        for (Method method : methods) {
            // why: publicLookup reaches what Method.invoke without setAccessible reaches from another package
            assertThatCode(() -> MethodHandles.publicLookup().unreflect(method)).as(describe(method))
                    .doesNotThrowAnyException();
            assertThat(Modifier.isStatic(method.getModifiers())).as(describe(method) + " is static").isTrue();
        }
    }

    @Test
    void everyExtensionIsAPublicStaticClassWithANoArgumentConstructorOrAPublicMember() throws Exception {
        List<AnnotatedElement> extensions = new ArrayList<>();
        for (Class<?> type : pluginClasses()) {
            if (annotated(type, Set.of("hudson.Extension"))) extensions.add(type);
            for (Method m : type.getDeclaredMethods()) if (annotated(m, Set.of("hudson.Extension"))) extensions.add(m);
            for (Field f : type.getDeclaredFields()) if (annotated(f, Set.of("hudson.Extension"))) extensions.add(f);
        }
        assertThat(extensions).hasSizeGreaterThanOrEqualTo(2);
        for (AnnotatedElement extension : extensions) {
            if (extension instanceof Class<?> type) {
                assertThat(type.getEnclosingClass() == null || Modifier.isStatic(type.getModifiers()))
                        .as(type + " is static").isTrue();
                assertThatCode(() -> MethodHandles.publicLookup().unreflectConstructor(type.getDeclaredConstructor()))
                        .as(type + " has a public no-argument constructor in a public class").doesNotThrowAnyException();
            } else {
                Member member = (Member) extension;
                assertThat(Modifier.isStatic(member.getModifiers())).as(member + " is static").isTrue();
                assertThatCode(() -> reach(member)).as(member + " is public in public classes").doesNotThrowAnyException();
            }
        }
    }

    private static void reach(Member member) throws IllegalAccessException {
        if (member instanceof Method m) MethodHandles.publicLookup().unreflect(m);
        else MethodHandles.publicLookup().unreflectGetter((Field) member);
    }

    private static boolean annotated(AnnotatedElement element, Set<String> names) {
        for (Annotation a : element.getDeclaredAnnotations()) {
            if (names.contains(a.annotationType().getName())) return true;
        }
        return false;
    }

    private static String describe(Method method) {
        return method.getDeclaringClass().getName() + "." + method.getName();
    }

    /** The plugin's compiled classes: its main sources, compiled by this module. */
    private static List<Class<?>> pluginClasses() throws IOException, URISyntaxException, ClassNotFoundException {
        Path root = Path.of(CloudTaskStep.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<Class<?>> classes = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root.resolve("org/cloudtask/jenkins"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String name = root.relativize(file).toString().replace('/', '.').replaceAll("\\.class$", "");
                classes.add(Class.forName(name, false, PluginEntryPointsTest.class.getClassLoader()));
            }
        }
        assertThat(classes).contains(ControllerShutdown.class, CloudTaskStep.DescriptorImpl.class);
        return classes;
    }
}

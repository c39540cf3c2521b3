/*
 * COMPILE-ONLY STAND-IN. Not Jenkins: a declaration of hudson.init.Terminator exactly as the cloudtask plugin uses it,
 * checked against jenkinsci/jenkins core (baseline 2.504), so that the default build (Maven Central only) compiles the plugin's sources.
 * Bodies are empty or throw. Never packaged into the plugin, never installed or deployed.
 * (The real annotation's after()/before() take a TermMilestone; the plugin uses the defaults.)
 */
package hudson.init;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Terminator {
    String[] requires() default {};
    String[] attains() default {};
    String displayName() default "";
}

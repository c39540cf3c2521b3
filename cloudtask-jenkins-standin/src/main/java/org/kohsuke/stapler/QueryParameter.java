/*
 * COMPILE-ONLY STAND-IN. Not Jenkins: a declaration of org.kohsuke.stapler.QueryParameter exactly as the cloudtask plugin uses it,
 * checked against jenkinsci/stapler (as bundled by Jenkins 2.504), so that the default build (Maven Central only) compiles the plugin's sources.
 * Bodies are empty or throw. Never packaged into the plugin, never installed or deployed.
 */
package org.kohsuke.stapler;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface QueryParameter {
    String value() default "";
    boolean required() default false;
    boolean fixEmpty() default false;
}

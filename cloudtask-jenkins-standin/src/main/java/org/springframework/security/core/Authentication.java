/*
 * COMPILE-ONLY STAND-IN. Not Jenkins: a declaration of org.springframework.security.core.Authentication exactly as the cloudtask plugin uses it,
 * checked against spring-security-core 6.x, as bundled by Jenkins, so that the default build (Maven Central only) compiles the plugin's sources.
 * Bodies are empty or throw. Never packaged into the plugin, never installed or deployed.
 */
package org.springframework.security.core;

public interface Authentication extends java.security.Principal, java.io.Serializable {
}

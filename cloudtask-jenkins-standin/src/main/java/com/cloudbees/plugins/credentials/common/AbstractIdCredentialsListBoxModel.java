/*
 * COMPILE-ONLY STAND-IN. Not Jenkins: a declaration of com.cloudbees.plugins.credentials.common.AbstractIdCredentialsListBoxModel exactly as the cloudtask plugin uses it,
 * checked against jenkinsci/credentials-plugin, so that the default build (Maven Central only) compiles the plugin's sources.
 * Bodies are empty or throw. Never packaged into the plugin, never installed or deployed.
 */
package com.cloudbees.plugins.credentials.common;

public abstract class AbstractIdCredentialsListBoxModel<T extends AbstractIdCredentialsListBoxModel<T, C>, C extends IdCredentials>
        extends hudson.util.ListBoxModel {

    public AbstractIdCredentialsListBoxModel<T, C> includeEmptyValue() {
        throw new UnsupportedOperationException(STANDIN);
    }

    public AbstractIdCredentialsListBoxModel<T, C> includeMatchingAs(
            org.springframework.security.core.Authentication authentication, hudson.model.Item context,
            Class<? extends C> type, java.util.List<com.cloudbees.plugins.credentials.domains.DomainRequirement> domainRequirements,
            com.cloudbees.plugins.credentials.CredentialsMatcher matcher) {
        throw new UnsupportedOperationException(STANDIN);
    }

    public AbstractIdCredentialsListBoxModel<T, C> includeMatchingAs(
            org.springframework.security.core.Authentication authentication, hudson.model.ItemGroup context,
            Class<? extends C> type, java.util.List<com.cloudbees.plugins.credentials.domains.DomainRequirement> domainRequirements,
            com.cloudbees.plugins.credentials.CredentialsMatcher matcher) {
        throw new UnsupportedOperationException(STANDIN);
    }

    public AbstractIdCredentialsListBoxModel<T, C> includeCurrentValue(String value) {
        throw new UnsupportedOperationException(STANDIN);
    }

    private static final String STANDIN = "compile-only stand-in of Jenkins";
}

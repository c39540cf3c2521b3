package org.cloudtask.jenkins;

import com.cloudbees.jenkins.plugins.sshcredentials.SSHUserPrivateKey;
import com.cloudbees.plugins.credentials.CredentialsMatchers;
import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.common.StandardListBoxModel;
import hudson.model.Item;
import hudson.model.Queue;
import hudson.model.queue.Tasks;
import hudson.plugins.ec2.EC2Cloud;
import hudson.plugins.ec2.SlaveTemplate;
import hudson.security.ACL;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import java.util.Collections;
import java.util.Optional;
import java.util.function.IntFunction;
import jenkins.model.Jenkins;
import org.cloudtask.jenkins.support.ParameterCheck;
import org.springframework.security.core.Authentication;

/**
 * The form methods shared by the step's and the builder's descriptors. Every one checks permissions first, as the
 * Jenkins security team requires: without them a user learns nothing (credentials: only the value already set;
 * checks: always OK), so that the forms cannot be used to enumerate credentials or clouds.
 */
final class FormSupport {

    private FormSupport() {
    }

    /** Whether the current user may see what the job's configuration refers to. */
    static boolean maySeeConfiguration(Item item) {
        if (item == null) return Jenkins.get().hasPermission(Jenkins.ADMINISTER);
        return item.hasPermission(Item.EXTENDED_READ) || item.hasPermission(CredentialsProvider.USE_ITEM);
    }

    static ListBoxModel credentialsIdItems(Item item, String credentialsId) {
        StandardListBoxModel result = new StandardListBoxModel();
        if (!maySeeConfiguration(item)) return result.includeCurrentValue(credentialsId);
        Authentication authentication = item instanceof Queue.Task task ? Tasks.getAuthenticationOf2(task) : ACL.SYSTEM2;
        if (item == null) {
            result.includeEmptyValue().includeMatchingAs(authentication, Jenkins.get(), SSHUserPrivateKey.class,
                    Collections.emptyList(), CredentialsMatchers.always());
        } else {
            result.includeEmptyValue().includeMatchingAs(authentication, item, SSHUserPrivateKey.class,
                    Collections.emptyList(), CredentialsMatchers.always());
        }
        return result.includeCurrentValue(credentialsId);
    }

    static ListBoxModel cloudItems(Item item) {
        ListBoxModel result = new ListBoxModel();
        result.add(PluginText.get("FormSupport.noCloud"), "");
        if (!maySeeConfiguration(item)) return result;
        for (EC2Cloud cloud : Jenkins.get().clouds.getAll(EC2Cloud.class)) {
            result.add(cloud.getDisplayName(), cloud.name);
        }
        return result;
    }

    static ListBoxModel templateItems(Item item, String cloudName) {
        ListBoxModel result = new ListBoxModel();
        if (!maySeeConfiguration(item) || cloudName == null || cloudName.isEmpty()) return result;
        EC2Cloud cloud = Ec2Clouds.find(cloudName);
        if (cloud == null) return result;
        for (SlaveTemplate template : cloud.getTemplates()) {
            result.add(template.getDisplayName(), template.description);
        }
        return result;
    }

    /** Fixed choices: nothing to protect, so no permission check. */
    static ListBoxModel hostKeyPolicyItems() {
        ListBoxModel result = new ListBoxModel();
        result.add(PluginText.get("FormSupport.strict"), "strict");
        result.add(PluginText.get("FormSupport.acceptNew"), "accept-new");
        result.add(PluginText.get("FormSupport.off"), "off");
        return result;
    }

    static ListBoxModel failBuildOnItems() {
        ListBoxModel result = new ListBoxModel();
        result.add(PluginText.get("FormSupport.unstable"), "UNSTABLE");
        result.add(PluginText.get("FormSupport.failure"), "FAILURE");
        return result;
    }

    static FormValidation checkSplit(Item item, String value) {
        return checkNumber(item, value, "split", ParameterCheck::split);
    }

    static FormValidation checkTimeout(Item item, String value) {
        return checkNumber(item, value, "timeout", ParameterCheck::timeout);
    }

    static FormValidation checkInputs(Item item, String inputsFile, String inputsText) {
        if (!maySeeConfiguration(item)) return FormValidation.ok();
        return toValidation(ParameterCheck.inputs(blankToNull(inputsFile), blankToNull(inputsText)));
    }

    private static FormValidation checkNumber(Item item, String value, String field,
                                              IntFunction<Optional<String>> check) {
        if (!maySeeConfiguration(item) || value == null || value.isBlank()) return FormValidation.ok();
        try {
            return toValidation(check.apply(Integer.parseInt(value.trim())));
        } catch (NumberFormatException e) {
            return FormValidation.error(field + " must be a whole number (got '" + value.trim() + "')");
        }
    }

    private static FormValidation toValidation(Optional<String> problem) {
        return problem.map(FormValidation::error).orElseGet(FormValidation::ok);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}

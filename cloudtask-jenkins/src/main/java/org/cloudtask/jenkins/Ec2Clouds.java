package org.cloudtask.jenkins;

import hudson.plugins.ec2.EC2Cloud;
import jenkins.model.Jenkins;

/** Looks up the EC2 plugin's clouds by the name a job configuration gives. */
final class Ec2Clouds {

    private Ec2Clouds() {
    }

    /** The cloud of that name, or null. */
    static EC2Cloud find(String name) {
        for (EC2Cloud cloud : Jenkins.get().clouds.getAll(EC2Cloud.class)) {
            if (cloud.name.equals(name)) return cloud;
        }
        return null;
    }
}

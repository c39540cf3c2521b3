package org.cloudtask.jenkins.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.cloudtask.jenkins.support.InstanceBudget.NO_CAP;

import java.util.List;
import org.junit.jupiter.api.Test;

class InstanceBudgetTest {

    @Test
    void launchesAreLimitedByTheTemplatesCapCountingJenkinsOwnAgents() {
        InstanceBudget budget = new InstanceBudget();
        assertThat(budget.reserve("c", "t", 5, NO_CAP, 4, 1, 1)).isEqualTo(3);
    }

    @Test
    void concurrentBuildsShareTheCloudsCap() {
        InstanceBudget budget = new InstanceBudget();
        assertThat(budget.reserve("c", "t1", 6, 10, NO_CAP, 2, 0)).isEqualTo(6);
        assertThat(budget.reserve("c", "t2", 6, 10, NO_CAP, 2, 0)).isEqualTo(2);
        assertThat(budget.reserve("c", "t2", 1, 10, NO_CAP, 2, 0)).isZero();
    }

    @Test
    void terminatedInstancesGiveTheirPlaceBack() {
        InstanceBudget budget = new InstanceBudget();
        budget.reserve("c", "t", 3, 3, NO_CAP, 0, 0);
        budget.release("c", "t", 2);
        assertThat(budget.reserved("c")).isEqualTo(1);
        assertThat(budget.reserve("c", "t", 5, 3, NO_CAP, 0, 0)).isEqualTo(2);
    }

    @Test
    void noCapMeansNoLimit() {
        assertThat(new InstanceBudget().reserve("c", "t", 50, NO_CAP, NO_CAP, 100, 100)).isEqualTo(50);
    }

    @Test
    void aCapOfZeroAllowsNoInstanceAsInTheEc2Plugin() {
        // why: ec2 2059 keeps a cap field of "0" as 0 and computes cap - count (EC2Cloud.getPossibleNewSlavesCount)
        assertThat(new InstanceBudget().reserve("c", "t", 5, 0, NO_CAP, 0, 0)).isZero();
        assertThat(new InstanceBudget().reserve("c", "t", 5, NO_CAP, 0, 0, 0)).isZero();
    }

    @Test
    void agentsAreCountedByTheirCloudsNameNotByTheCloudObject() {
        // why: new String: the EC2 plugin resolves an agent's cloud by name; after the clouds are saved again it is
        // another object with the same name, and the agents must still count against its cap
        String cloudOfAgents = new String("prod");
        List<InstanceBudget.Agent> agents = List.of(new InstanceBudget.Agent(cloudOfAgents, "w"),
                new InstanceBudget.Agent(cloudOfAgents, "other"), new InstanceBudget.Agent("test", "w"));
        assertThat(new InstanceBudget().reserve("prod", "w", 5, 4, NO_CAP, agents)).isEqualTo(2);
        assertThat(new InstanceBudget().reserve("prod", "w", 5, NO_CAP, 2, agents)).isEqualTo(1);
    }
}

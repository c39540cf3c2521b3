package org.cloudtask.ec2;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class HttpClientChoiceTest {

    @Test
    void onlyTheUrlConnectionClientIsOnTheClasspath() {
        assertThat(loadable("software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient")).isTrue();
        // why: Netty and the Apache clients bring threads and many jars; the ec2 artifact pulls apache5 unless excluded
        assertThat(List.of("software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient",
                "software.amazon.awssdk.http.apache.ApacheHttpClient",
                "software.amazon.awssdk.http.apache5.Apache5HttpClient",
                "io.netty.channel.Channel")).noneMatch(HttpClientChoiceTest::loadable);
    }

    private static boolean loadable(String className) {
        try {
            Class.forName(className, false, HttpClientChoiceTest.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}

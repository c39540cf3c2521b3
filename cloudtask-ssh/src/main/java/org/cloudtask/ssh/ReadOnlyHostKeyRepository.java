package org.cloudtask.ssh;

import com.jcraft.jsch.HostKey;
import com.jcraft.jsch.HostKeyRepository;
import com.jcraft.jsch.UserInfo;

/**
 * A host key repository JSch may ask but never change: keys are recorded by {@link HostKeyVerifier} under
 * accept-new, never behind its back, and certificate authorities are not listed to JSch (so a host certificate falls
 * back to its plain key, which the verifier then judges).
 */
abstract class ReadOnlyHostKeyRepository implements HostKeyRepository {

    @Override
    public HostKey[] getHostKey() {
        // why empty: listing every key of every file is what made each connection cost more with the files' size
        return new HostKey[0];
    }

    @Override
    public void add(HostKey hostkey, UserInfo ui) {
    }

    @Override
    public void remove(String host, String type) {
    }

    @Override
    public void remove(String host, String type, byte[] key) {
    }
}

# Sourced by the bench scripts: what their loopback sshd workers have in common.

# A random high port nobody listens on at that address (other builds run sshd tests at the same time).
free_port() {
  local host="$1" port
  while :; do
    port=$((20000 + RANDOM % 40000))
    if ! (exec 3<>"/dev/tcp/$host/$port") 2>/dev/null; then echo "$port"; return; fi
  done
}

# The sshd_config lines after ListenAddress: key logins of the current user only, from $1/authorized_keys, host key
# $2, pid file $3. SetEnv SHLVL=1: bash skips ~/.bashrc for commands sshd runs when SHLVL says it is nested; a login
# shell that sources a slow ~/.bashrc for every command (pings, `ssh host cmd`) would measure the .bashrc.
sshd_common_config() {
  cat <<CONFIG
HostKey $2
AuthorizedKeysFile $1/authorized_keys
PidFile $3
AllowUsers $(id -un)
UsePAM no
StrictModes no
PermitRootLogin prohibit-password
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
UseDNS no
PrintMotd no
PrintLastLog no
MaxSessions 64
MaxStartups 64:30:200
SetEnv SHLVL=1
CONFIG
}

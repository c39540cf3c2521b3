# cloudtask-runner: runs jobs for one cloudtask connection on this worker.
#
# The controller starts it once per connection over SSH (its source arrives on stdin, see RemoteRunner.java) and then
# sends jobs over stdin; the runner answers over stdout. Every message in either direction is a frame:
#
#   type (1 byte) | job id (uint32, big-endian) | payload length (uint32, big-endian) | payload
#
# Controller -> runner:  J  start job: payload = command NUL NAME=VALUE NUL NAME=VALUE ...
#                        H  heartbeat: echoed back unchanged
# Runner -> controller:  R  ready (job id 0): payload = protocol version
#                        S  job started: payload = its process id, which is also its process group id
#                        O  job output (stdout and stderr merged), exact bytes
#                        X  job ended: payload = "exit CODE" or "signal NUMBER"
#                        H  heartbeat answer
#
# Job output only ever travels inside O frames, so nothing a job prints can forge a frame. Each job runs
# `/bin/sh -c COMMAND` in a process group of its own (so the controller can kill the whole group over another SSH
# channel), with stdin from /dev/null, the home directory as working directory, and an environment made only of
# HOME, PATH, USER, SHELL, LOGNAME plus the job's own variables. A job ends when its output reaches end-of-file and
# its process has been reaped, as with an SSH exec channel. When the controller goes away (stdin closes or stdout
# breaks), the runner kills every unfinished job's process group, TERM then KILL, and exits: no job outlives the
# connection that started it.
#
# Frames to the controller are batched: one write carries a job's start, output and end when the job is quick (a
# write costs a packet, and its encryption, at both ends of the connection). Pending frames go out at once after an
# end, a heartbeat or 64 KB of output, and otherwise at the latest after 2 ms without news.
#
# Only core builtins and Fcntl are used: a small process forks faster, and forking is what the runner does most.
use strict;
use warnings;
use Fcntl qw(F_GETFL F_SETFL O_NONBLOCK);

$0 = 'cloudtask-runner';
$SIG{PIPE} = 'IGNORE';
binmode STDIN;
binmode STDOUT;

use constant WNOHANG => 1;       # the same value on Linux and the BSDs; saves loading POSIX
use constant FLUSH_DELAY => 0.002;
use constant FLUSH_BYTES => 65536;
my %base_env = map { $_ => $ENV{$_} } grep { defined $ENV{$_} } qw(HOME PATH USER SHELL LOGNAME);
my $home = defined $ENV{HOME} && -d $ENV{HOME} ? $ENV{HOME} : '/';

my %jobs;          # job id => { pid, out (pipe), eof, status }
my %job_by_pid;    # pid => job id
my $input = '';
my $pending = '';  # frames not yet written
my $flush_now = 0;

# why a self-pipe: SIGCHLD may arrive just before select(); the byte it writes still wakes select up
pipe(my $wake_r, my $wake_w) or die "cloudtask-runner: pipe: $!\n";
set_nonblocking($wake_w);
$SIG{CHLD} = sub { syswrite($wake_w, 'x') };

send_frame('R', 0, '1');
flush();
my $stdin_open = 1;
while ($stdin_open) {
    my $rin = '';
    vec($rin, fileno(STDIN), 1) = 1;
    vec($rin, fileno($wake_r), 1) = 1;
    for my $job (values %jobs) {
        vec($rin, fileno($job->{out}), 1) = 1 unless $job->{eof};
    }
    flush() if $flush_now || length($pending) >= FLUSH_BYTES;
    my $ready = select(my $rout = $rin, undef, undef, length($pending) ? FLUSH_DELAY : undef);
    if ($ready < 0) {
        next if $!{EINTR};
        fail("select: $!");
    }
    if ($ready == 0) {
        flush();
        next;
    }
    if (vec($rout, fileno($wake_r), 1)) {
        sysread($wake_r, my $drained, 4096);
    }
    for my $id (keys %jobs) {
        my $job = $jobs{$id};
        next if $job->{eof} || !vec($rout, fileno($job->{out}), 1);
        my $n = sysread($job->{out}, my $bytes, 65536);
        if ($n) {
            send_frame('O', $id, $bytes);
        } elsif (defined $n || !$!{EINTR}) {
            $job->{eof} = 1;
            close $job->{out};
        }
    }
    reap();
    finish_ended_jobs();
    if (vec($rout, fileno(STDIN), 1)) {
        my $n = sysread(STDIN, $input, 65536, length $input);
        if ($n) {
            handle_frames();
        } elsif (defined $n || !$!{EINTR}) {
            $stdin_open = 0;
        }
    }
}
flush();
abandon_jobs();
exit 0;

sub handle_frames {
    while (length($input) >= 9) {
        my ($type, $id, $length) = unpack('a1 N N', $input);
        last if length($input) < 9 + $length;
        my $payload = substr($input, 9, $length);
        substr($input, 0, 9 + $length, '');
        if ($type eq 'J') {
            start_job($id, $payload);
        } elsif ($type eq 'H') {
            send_frame('H', $id, $payload);
            $flush_now = 1;
        } else {
            fail("unknown frame type '$type'");
        }
    }
}

sub start_job {
    my ($id, $payload) = @_;
    my ($command, @variables) = split /\0/, $payload, -1;
    $command = '' unless defined $command;
    my ($out_r, $out_w);
    unless (pipe($out_r, $out_w)) {
        refuse_job($id, "cannot create a pipe: $!");
        return;
    }
    my $pid = fork;
    unless (defined $pid) {
        close $out_r;
        close $out_w;
        refuse_job($id, "cannot fork: $!");
        return;
    }
    if ($pid == 0) {
        run_job($command, \@variables, $out_r, $out_w);
    }
    close $out_w;
    # why both parent and child call setpgid: whichever runs first, the group exists before the S frame goes out
    setpgrp($pid, $pid);
    $jobs{$id} = { pid => $pid, out => $out_r, eof => 0 };
    $job_by_pid{$pid} = $id;
    send_frame('S', $id, $pid);
}

sub run_job {
    my ($command, $variables, $out_r, $out_w) = @_;
    $SIG{CHLD} = 'DEFAULT';
    $SIG{PIPE} = 'DEFAULT';    # an ignored signal would stay ignored across exec
    setpgrp(0, 0);
    close $out_r;
    open(STDIN, '<', '/dev/null') or exit 126;
    open(STDOUT, '>&', $out_w) or exit 126;
    open(STDERR, '>&', $out_w) or exit 126;
    close $out_w;
    chdir $home;
    %ENV = %base_env;
    for my $variable (@$variables) {
        my ($name, $value) = split /=/, $variable, 2;
        $ENV{$name} = defined $value ? $value : '';
    }
    { no warnings 'exec'; exec { '/bin/sh' } 'sh', '-c', $command; }
    print STDERR "cloudtask-runner: cannot run /bin/sh: $!\n";
    exit 127;
}

sub refuse_job {
    my ($id, $reason) = @_;
    send_frame('O', $id, "cloudtask-runner: $reason\n");
    send_frame('X', $id, 'exit 255');
    $flush_now = 1;
}

sub reap {
    while ((my $pid = waitpid(-1, WNOHANG)) > 0) {
        my $id = delete $job_by_pid{$pid};
        $jobs{$id}{status} = $? if defined $id && $jobs{$id};
    }
}

sub finish_ended_jobs {
    for my $id (keys %jobs) {
        my $job = $jobs{$id};
        next unless $job->{eof} && defined $job->{status};
        delete $jobs{$id};
        my $status = $job->{status};
        my $signal = $status & 127;
        send_frame('X', $id, $signal ? "signal $signal" : 'exit ' . ($status >> 8));
        $flush_now = 1;
    }
}

sub send_frame {
    my ($type, $id, $payload) = @_;
    $pending .= pack('a1 N N', $type, $id, length $payload) . $payload;
}

sub flush {
    $flush_now = 0;
    while (length $pending) {
        my $written = syswrite(STDOUT, $pending);
        if (!defined $written) {
            next if $!{EINTR} || $!{EAGAIN};
            abandon_jobs();    # the controller is gone
            exit 0;
        }
        substr($pending, 0, $written, '');
    }
}

sub fail {
    my ($message) = @_;
    print STDERR "cloudtask-runner: $message\n";
    abandon_jobs();
    exit 1;
}

# Kills every unfinished job's process group: TERM, up to 2 seconds' grace, then KILL.
sub abandon_jobs {
    my @groups = map { $_->{pid} } grep { !($_->{eof} && defined $_->{status}) } values %jobs;
    return unless @groups;
    kill 'TERM', map { -$_ } @groups;
    my $deadline = time + 2;
    while (time < $deadline) {
        @groups = grep { kill 0, -$_ } @groups;
        last unless @groups;
        select(undef, undef, undef, 0.05);
        reap();
    }
    kill 'KILL', map { -$_ } @groups;
    reap();
    %jobs = ();
}

sub set_nonblocking {
    my ($handle) = @_;
    my $flags = fcntl($handle, F_GETFL, 0) or die "cloudtask-runner: fcntl: $!\n";
    fcntl($handle, F_SETFL, $flags | O_NONBLOCK) or die "cloudtask-runner: fcntl: $!\n";
}

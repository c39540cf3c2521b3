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
#                        X  job ended: payload = "exit CODE" or "signal NUMBER NAME"
#                        H  heartbeat answer
#
# Job output only ever travels inside O frames, so nothing a job prints can forge a frame. Each job runs
# `/bin/sh -c COMMAND` in a process group of its own (so the controller can kill the whole group over another SSH
# channel), with stdin from /dev/null, the home directory as working directory, and an environment made only of
# HOME, PATH, USER, SHELL, LOGNAME plus the job's own variables. A job ends when its output reaches end-of-file and
# its process has been reaped, as with an SSH exec channel. When the controller goes away (stdin closes or stdout
# breaks), the runner kills every unfinished job's process group, TERM then KILL, and exits: no job outlives the
# connection that started it.
use strict;
use warnings;
use POSIX ();
use Config;

$0 = 'cloudtask-runner';
$SIG{PIPE} = 'IGNORE';
binmode STDIN;
binmode STDOUT;

my @signal_names = split ' ', $Config{sig_name};
my %base_env = map { $_ => $ENV{$_} } grep { defined $ENV{$_} } qw(HOME PATH USER SHELL LOGNAME);
my $home = defined $ENV{HOME} && -d $ENV{HOME} ? $ENV{HOME} : '/';

my %jobs;          # job id => { pid, out (pipe), eof, status }
my %job_by_pid;    # pid => job id
my $input = '';

# why a self-pipe: SIGCHLD may arrive just before select(); the byte it writes still wakes select up
pipe(my $wake_r, my $wake_w) or die "cloudtask-runner: pipe: $!\n";
set_nonblocking($wake_w);
$SIG{CHLD} = sub { syswrite($wake_w, 'x') };

send_frame('R', 0, '1');
my $stdin_open = 1;
while ($stdin_open) {
    my $rin = '';
    vec($rin, fileno(STDIN), 1) = 1;
    vec($rin, fileno($wake_r), 1) = 1;
    for my $job (values %jobs) {
        vec($rin, fileno($job->{out}), 1) = 1 unless $job->{eof};
    }
    my $ready = select(my $rout = $rin, undef, undef, undef);
    if ($ready < 0) {
        next if $!{EINTR};
        die "cloudtask-runner: select: $!\n";
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
        } else {
            die "cloudtask-runner: unknown frame type '$type'\n";
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
    POSIX::setpgid($pid, $pid);
    $jobs{$id} = { pid => $pid, out => $out_r, eof => 0 };
    $job_by_pid{$pid} = $id;
    send_frame('S', $id, $pid);
}

sub run_job {
    my ($command, $variables, $out_r, $out_w) = @_;
    $SIG{CHLD} = 'DEFAULT';
    $SIG{PIPE} = 'DEFAULT';
    POSIX::sigprocmask(POSIX::SIG_SETMASK(), POSIX::SigSet->new());
    POSIX::setpgid(0, 0);
    close $out_r;
    open(STDIN, '<', '/dev/null') or POSIX::_exit(126);
    open(STDOUT, '>&', $out_w) or POSIX::_exit(126);
    open(STDERR, '>&', $out_w) or POSIX::_exit(126);
    close $out_w;
    chdir $home;
    %ENV = %base_env;
    for my $variable (@$variables) {
        my ($name, $value) = split /=/, $variable, 2;
        $ENV{$name} = defined $value ? $value : '';
    }
    exec { '/bin/sh' } 'sh', '-c', $command;
    print STDERR "cloudtask-runner: cannot run /bin/sh: $!\n";
    POSIX::_exit(127);
}

sub refuse_job {
    my ($id, $reason) = @_;
    send_frame('O', $id, "cloudtask-runner: $reason\n");
    send_frame('X', $id, 'exit 255');
}

sub reap {
    while ((my $pid = waitpid(-1, POSIX::WNOHANG())) > 0) {
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
        send_frame('X', $id, $signal ? "signal $signal " . ($signal_names[$signal] || "SIG$signal")
                                     : 'exit ' . ($status >> 8));
    }
}

sub send_frame {
    my ($type, $id, $payload) = @_;
    my $frame = pack('a1 N N', $type, $id, length $payload) . $payload;
    while (length $frame) {
        my $written = syswrite(STDOUT, $frame);
        if (!defined $written) {
            next if $!{EINTR} || $!{EAGAIN};
            abandon_jobs();    # the controller is gone
            exit 0;
        }
        substr($frame, 0, $written, '');
    }
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
    my $flags = fcntl($handle, POSIX::F_GETFL(), 0) or die "cloudtask-runner: fcntl: $!\n";
    fcntl($handle, POSIX::F_SETFL(), $flags | POSIX::O_NONBLOCK()) or die "cloudtask-runner: fcntl: $!\n";
}

# cloudtask-runner: runs jobs for one cloudtask connection on this worker.
#
# The controller starts it once per connection over SSH (its source arrives on stdin, see RemoteRunner.java) and then
# sends jobs over stdin; the runner answers over stdout. Every message in either direction is a frame:
#
#   type (1 byte) | job id (uint32, big-endian) | payload length (uint32, big-endian) | payload
#
# Controller -> runner:  J  start job: payload = command NUL NAME=VALUE NUL NAME=VALUE ...
#                        Q  queue job: payload = previous job id (uint32, big-endian) followed by a J payload. The job
#                           starts the moment job `previous` has ended and its X frame has been queued for sending, so
#                           its S frame always follows that X frame. If `previous` is not a job the runner still has
#                           unfinished (it ended, or is unknown), the job starts at once. A job may wait behind a
#                           queued job (a chain); if that one is withdrawn, it waits behind that one's predecessor.
#                        C  withdraw a queued job (empty payload); answered at once with W
#                        K  kill a started job: payload = "TERM" or "KILL" (see "Killing a job" below)
#                        H  heartbeat: echoed back unchanged
# Runner -> controller:  R  ready (job id 0): payload = protocol version
#                        S  job started: payload = its process id, which is also its process group id
#                        O  job output (stdout and stderr merged), exact bytes
#                        X  job ended: payload = "exit CODE" or "signal NUMBER"
#                        W  answer to C: payload = "withdrawn" (the job was still queued: it is dropped and will never
#                           start) or "started" (it has started, has ended, or is unknown)
#                        H  heartbeat answer
#
# Killing a job: K TERM sends TERM to the job's process group and to every process descending from the job's process
# (found by parent pid in /proc, else with ps), so strays that left the group (setsid) die with it; the runner
# remembers them. K KILL (the controller sends it when its kill grace is over) walks the tree again and sends KILL to
# the group, the descendants and the remembered strays; then the job ends at once, whatever still holds its output
# open: the runner closes its end of the pipe (later output is lost) and sends X as soon as the job's own process is
# reaped. What escapes: a process that left the tree before the kill (a daemon that double-forked, so init is its
# parent) and its process group, which it had left too.
#
# Job output only ever travels inside O frames, so nothing a job prints can forge a frame. Each job runs
# `/bin/sh -c COMMAND` (or its equivalent, see below) in a process group of its own (so the controller can kill the
# whole group over another SSH channel), with stdin from /dev/null, the home directory as working directory, and an
# environment made only of HOME, PATH, USER, SHELL, LOGNAME plus the job's own variables. A job ends when its output reaches end-of-file and
# its process has been reaped, as with an SSH exec channel. When the controller goes away (stdin closes or stdout
# breaks), queued jobs never start, and the runner kills every unfinished job's process tree, TERM then KILL, and
# exits: no job outlives the connection that started it.
#
# Every job runs in a shell of its own (`sh`, in a process group of its own, stdout and stderr to a fresh pipe, home
# directory, the clean environment) that the runner starts and then hands the job as a script on the shell's stdin:
# `sh -c '. /dev/stdin'` reads `export NAME='value' ...; exec </dev/null; COMMAND` and runs it as `sh -c COMMAND`
# would (a shell error reads `sh: 1: /dev/stdin: ...` instead of `sh: 1: ...`). Spares: the runner keeps a few such
# shells started ahead of need ("sh -c . /dev/stdin" in ps), so a job that a spare takes over starts without a fork
# and an exec of sh (about 0.9 ms on a small worker: most of the gap between two short jobs). Spares are started only
# after every pending frame has been sent and nothing has happened for 10 ms, so starting one delays no answer and
# does not compete for the CPU with a job that has just started. Quick jobs in a row leave no such pause: their shells
# are started on demand. A spare whose stdin reaches end-of-file runs nothing and exits, so spares never outlive the
# runner; the runner kills them on exit. Without /dev/stdin, or for a script longer than 4 KB (it must fit in the pipe
# at once), the job is forked as `sh -c COMMAND` instead.
#
# Frames to the controller are batched: one write carries a job's start, output and end when the job is quick (a
# write costs a packet, and its encryption, at both ends of the connection). Pending frames go out at once after an
# end, a heartbeat, a withdrawal answer or 64 KB of output, and otherwise at the latest after 2 ms without news.
#
# The runner makes itself non-dumpable first (see make_undumpable): jobs run as the same user, and a dumpable runner
# would let any job open /proc/<runner>/fd/0 and fd/1 (read other jobs' start frames, forge their output and exit
# statuses) or read its environ. Where it cannot, the ready frame's payload says why on a second line, and the
# controller shows it as a warning.
#
# Only core builtins and Fcntl are used: a small process forks faster, and forking is what the runner does most.
use strict;
use warnings;
use Fcntl qw(F_GETFL F_SETFL O_NONBLOCK);

$0 = 'cloudtask-runner';
my $undumpable_failure = make_undumpable();
$SIG{PIPE} = 'IGNORE';
binmode STDIN;
binmode STDOUT;

use constant WNOHANG => 1;       # the same value on Linux and the BSDs; saves loading POSIX
use constant FLUSH_DELAY => 0.002;
use constant FLUSH_BYTES => 65536;
# Why one spare per running job (and one while none runs, for the next): each running job's end may start a queued job
# at the same moment, and each start uses up a spare. Why at most 8: beyond a few, simultaneous starts are rare, and
# more waiting shells (and the forks that start them, which compete with the jobs for CPU) buy nothing.
use constant MAX_SPARES => 8;
use constant SPARE_RETRY_SECONDS => 2;   # after a failed fork or pipe, when the worker is short of processes
use constant SPARE_QUIET => 0.01;        # seconds without news before a spare is forked
use constant SCRIPT_MAX => 4096;         # PIPE_BUF: a write this long always fits an empty pipe at once
my %base_env = map { $_ => $ENV{$_} } grep { defined $ENV{$_} } qw(HOME PATH USER SHELL LOGNAME);
my $home = defined $ENV{HOME} && -d $ENV{HOME} ? $ENV{HOME} : '/';
# why: a shell started ahead of its job reads the job from /dev/stdin; where there is none, jobs are forked as they come
my $waiting_shells = -e '/dev/stdin';

my %jobs;          # started job id => { pid, out (pipe), eof, status }
my %job_by_pid;    # pid => started job id
my %queued;        # queued job id => { previous (job id), payload }
my @spares;        # { pid, out (its stdout pipe), feed (pipe its job arrives on) }, oldest first
my $no_spares_until = 0;
my $input = '';
my $pending = '';  # frames not yet written
my $flush_now = 0;

# why a self-pipe: SIGCHLD may arrive just before select(); the byte it writes still wakes select up
pipe(my $wake_r, my $wake_w) or die "cloudtask-runner: pipe: $!\n";
set_nonblocking($wake_w);
$SIG{CHLD} = sub { syswrite($wake_w, 'x') };

send_frame('R', 0, defined $undumpable_failure ? "2\n$undumpable_failure" : '2');
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
    my $timeout = length($pending) ? FLUSH_DELAY : spares_wanted() ? SPARE_QUIET : undef;
    my $ready = select(my $rout = $rin, undef, undef, $timeout);
    if ($ready < 0) {
        next if $!{EINTR};
        fail("select: $!");
    }
    if ($ready == 0) {
        length($pending) ? flush() : add_spare();
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
        } elsif ($type eq 'Q') {
            fail("short Q frame") if $length < 4;
            queue_job($id, unpack('N', $payload), substr($payload, 4));
        } elsif ($type eq 'C') {
            withdraw_job($id);
        } elsif ($type eq 'K') {
            kill_job($id, $payload);
        } elsif ($type eq 'H') {
            send_frame('H', $id, $payload);
            $flush_now = 1;
        } else {
            fail("unknown frame type '$type'");
        }
    }
}

sub queue_job {
    my ($id, $previous, $payload) = @_;
    if (exists $jobs{$previous} || exists $queued{$previous}) {
        $queued{$id} = { previous => $previous, payload => $payload };
    } else {
        start_job($id, $payload);
    }
}

sub withdraw_job {
    my ($id) = @_;
    my $withdrawn = delete $queued{$id};
    if ($withdrawn) {
        # its predecessor is still unfinished (else it would have started): whoever waited on it waits on that one
        $_->{previous} = $withdrawn->{previous} for grep { $_->{previous} == $id } values %queued;
    }
    send_frame('W', $id, $withdrawn ? 'withdrawn' : 'started');
    $flush_now = 1;
}

# A K frame: signals a started, unfinished job's whole process tree (see "Killing a job"); nothing for other jobs.
sub kill_job {
    my ($id, $signal) = @_;
    fail("bad K frame") unless $signal eq 'TERM' || $signal eq 'KILL';
    my $job = $jobs{$id} or return;
    my @tree = descendants($job->{pid});
    my %strays = map { $_ => 1 } @{ $job->{strays} || [] }, @tree;
    $job->{strays} = [keys %strays];
    kill $signal, -$job->{pid}, keys %strays;
    return unless $signal eq 'KILL';
    # why: a process that escaped the tree may hold the output open for ever; the job ends now, not at its EOF
    unless ($job->{eof}) {
        $job->{eof} = 1;
        close $job->{out};
    }
    reap();
    finish_ended_jobs();
}

# Every process whose parent chain leads to $root (not $root itself), from a snapshot of the process table.
sub descendants {
    my ($root) = @_;
    my %children;
    my $table = process_parents();
    while (my ($pid, $parent) = each %$table) {
        push @{ $children{$parent} }, $pid;
    }
    my @found;
    my @todo = ($root);
    my %seen = ($root => 1);
    while (defined(my $pid = shift @todo)) {
        for my $child (@{ $children{$pid} || [] }) {
            next if $seen{$child}++;
            push @found, $child;
            push @todo, $child;
        }
    }
    return @found;
}

# pid => parent pid of every process: from /proc where there is one, else from ps.
sub process_parents {
    my %parent;
    if (opendir(my $proc, '/proc')) {
        for my $pid (grep { /^\d+$/ } readdir $proc) {
            open(my $stat, '<', "/proc/$pid/stat") or next;
            my $line = <$stat>;
            close $stat;
            # why the greedy match: the command name in parentheses may itself hold ") "
            $parent{$pid} = $1 if defined $line && $line =~ /^\d+ \(.*\) \S+ (\d+)/s;
        }
        closedir $proc;
        return \%parent if %parent;
    }
    if (open(my $ps, '-|', 'ps', '-A', '-o', 'pid=', '-o', 'ppid=')) {
        while (my $line = <$ps>) {
            $parent{$1} = $2 if $line =~ /^\s*(\d+)\s+(\d+)/;
        }
        close $ps;
    }
    return \%parent;
}

# Starts the jobs queued behind a job whose X frame was just queued for sending.
sub start_queued_behind {
    my ($previous) = @_;
    for my $id (sort { $a <=> $b } grep { $queued{$_}{previous} == $previous } keys %queued) {
        start_job($id, delete($queued{$id})->{payload});
    }
}

sub start_job {
    my ($id, $payload) = @_;
    my $script = job_script($payload);
    my $child = $script ? start_in_shell($id, $script) : fork_job($id, $payload);
    return unless $child;
    $jobs{$id} = { pid => $child->{pid}, out => $child->{out}, eof => 0 };
    $job_by_pid{$child->{pid}} = $id;
    send_frame('S', $id, $child->{pid});
}

# The script a waiting shell reads for this job: its variables, stdin from /dev/null, then the command itself, all on
# the command's first line so that line numbers in the shell's messages match. Nothing (the job is forked and runs as
# `sh -c COMMAND`) without /dev/stdin, or when the script might not fit in the pipe at once: writing the rest would
# wait for a shell that may be busy running the job's first commands.
sub job_script {
    my ($payload) = @_;
    return unless $waiting_shells;
    my ($command, @variables) = split /\0/, $payload, -1;
    $command = '' unless defined $command;
    my @exports = map {
        my ($name, $value) = split /=/, $_, 2;
        $value = '' unless defined $value;
        $value =~ s/'/'\\''/g;
        "$name='$value'"
    } @variables;
    my $script = (@exports ? 'export ' . join(' ', @exports) . '; ' : '') . 'exec </dev/null; ' . $command;
    return length($script) <= SCRIPT_MAX ? $script : undef;
}

# Gives the job to the oldest spare still alive, else to a shell started for it now; returns that shell.
sub start_in_shell {
    my ($id, $script) = @_;
    while (my $spare = shift @spares) {
        return $spare if hand_over($spare, $script);
    }
    my $shell = new_shell();
    return $shell if $shell && hand_over($shell, $script);
    refuse_job($id, $shell ? 'the shell for the job ended before it was given the job' : "cannot start a shell: $!");
    return;
}

sub hand_over {
    my ($shell, $script) = @_;
    my $sent = write_all($shell->{feed}, $script);
    close $shell->{feed};
    close $shell->{out} unless $sent;    # it died; reap() collects it
    return $sent;
}

sub fork_job {
    my ($id, $payload) = @_;
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
        close $out_r;
        prepare_child($out_w);
        run_job($payload);
    }
    close $out_w;
    # why both parent and child call setpgid: whichever runs first, the group exists before the S frame goes out
    setpgrp($pid, $pid);
    return { pid => $pid, out => $out_r };
}

sub spares_wanted {
    return 0 unless $waiting_shells;
    my $target = keys %jobs;
    $target = 1 if $target < 1;
    $target = MAX_SPARES if $target > MAX_SPARES;
    return @spares < $target && time >= $no_spares_until;
}

sub add_spare {
    if (my $shell = new_shell()) {
        push @spares, $shell;
    } else {
        $no_spares_until = time + SPARE_RETRY_SECONDS;
    }
}

# Forks a shell in a process group of its own that waits for its job: `sh -c '. /dev/stdin'` with stdin a pipe from
# the runner, which writes the job's script (see job_script) and closes the pipe. Returns it, or nothing ($! says why).
sub new_shell {
    my ($out_r, $out_w, $feed_r, $feed_w);
    pipe($out_r, $out_w) or return;
    unless (pipe($feed_r, $feed_w)) {
        close $_ for $out_r, $out_w;
        return;
    }
    my $pid = fork;
    unless (defined $pid) {
        close $_ for $out_r, $out_w, $feed_r, $feed_w;
        return;
    }
    if ($pid == 0) {
        close $out_r;
        close $feed_w;
        prepare_child($out_w, $feed_r);
        %ENV = %base_env;
        { no warnings 'exec'; exec { '/bin/sh' } 'sh', '-c', '. /dev/stdin'; }
        print STDERR "cloudtask-runner: cannot run /bin/sh: $!\n";
        exit 127;
    }
    close $out_w;
    close $feed_r;
    setpgrp($pid, $pid);
    return { pid => $pid, out => $out_r, feed => $feed_w };
}

# In a new child, everything a job's process needs before the job itself is known. Its stdin is /dev/null, or for a
# waiting shell the pipe its job arrives on (the job's script then points stdin to /dev/null itself).
sub prepare_child {
    my ($out_w, $stdin) = @_;
    $SIG{CHLD} = 'DEFAULT';
    $SIG{PIPE} = 'DEFAULT';    # an ignored signal would stay ignored across exec
    setpgrp(0, 0);
    # The runner's other pipes need no closing here: perl marks every descriptor above 2 close-on-exec, and every
    # child execs at once, so no shell holds another's stdin or a job's output pipe.
    if ($stdin) {
        open(STDIN, '<&', $stdin) or exit 126;
        close $stdin;
    } else {
        open(STDIN, '<', '/dev/null') or exit 126;
    }
    open(STDOUT, '>&', $out_w) or exit 126;
    open(STDERR, '>&', $out_w) or exit 126;
    close $out_w;
    chdir $home;
}

sub run_job {
    my ($payload) = @_;
    my ($command, @variables) = split /\0/, $payload, -1;
    $command = '' unless defined $command;
    %ENV = %base_env;
    for my $variable (@variables) {
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
    start_queued_behind($id);
}

sub reap {
    while ((my $pid = waitpid(-1, WNOHANG)) > 0) {
        my $id = delete $job_by_pid{$pid};
        if (defined $id) {
            $jobs{$id}{status} = $? if $jobs{$id};
        } else {
            forget_spare($pid);    # it died before it was given a job (someone killed it)
        }
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
        start_queued_behind($id);
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

sub write_all {
    my ($handle, $bytes) = @_;
    while (length $bytes) {
        my $written = syswrite($handle, $bytes);
        if (!defined $written) {
            next if $!{EINTR};
            return 0;
        }
        substr($bytes, 0, $written, '');
    }
    return 1;
}

sub fail {
    my ($message) = @_;
    print STDERR "cloudtask-runner: $message\n";
    abandon_jobs();
    exit 1;
}

# Drops queued jobs and spares, then kills every unfinished job's process tree (see kill_job): TERM, up to 2 seconds'
# grace, then KILL.
sub abandon_jobs {
    %queued = ();
    dismiss_spares();
    my @unfinished = grep { !($jobs{$_}{eof} && defined $jobs{$_}{status}) } keys %jobs;
    return unless @unfinished;
    kill_job($_, 'TERM') for @unfinished;
    my $deadline = time + 2;
    while (time < $deadline) {
        last unless grep { kill 0, -$jobs{$_}{pid} } grep { $jobs{$_} } @unfinished;
        select(undef, undef, undef, 0.05);
        reap();
    }
    $jobs{$_} && kill_job($_, 'KILL') for @unfinished;
    reap();
    %jobs = ();
}

sub forget_spare {
    my ($pid) = @_;
    my ($dead) = grep { $_->{pid} == $pid } @spares or return;
    @spares = grep { $_->{pid} != $pid } @spares;
    close $dead->{out};
    close $dead->{feed};
}

# Spares run nothing of anyone's yet, so they need no grace: KILL, and wait so none is left even for a moment.
sub dismiss_spares {
    my @dismissed = splice @spares;
    close $_->{feed} for @dismissed;
    kill 'KILL', map { $_->{pid} } @dismissed;
    waitpid($_->{pid}, 0) for @dismissed;
}

# prctl(PR_SET_DUMPABLE, 0) through the raw system call (its number differs by architecture), so that /proc/<pid>/fd,
# fd/* and environ of this process belong to root and no job of the same user can open them. Returns undef when done,
# or why it could not be done. The flag survives fork but not exec: jobs' shells are dumpable again.
sub make_undumpable {
    return "it runs on $^O, not Linux" unless $^O eq 'linux';
    require Config;
    my $arch = do { no warnings 'once'; $Config::Config{archname} };
    my %prctl = ('x86_64' => 157, 'aarch64' => 167, 'riscv64' => 167, 'loongarch64' => 167, 'i[3-6]86' => 172,
                 'arm' => 172, 's390' => 172, 'powerpc|ppc' => 171, 'mips64' => 5153, 'mips' => 4192);
    my ($number) = map { $prctl{$_} } grep { $arch =~ /^(?:$_)/ } sort { length $b <=> length $a } keys %prctl;
    return "no prctl system call number is known for $arch" unless defined $number;
    my ($PR_GET_DUMPABLE, $PR_SET_DUMPABLE) = (3, 4);
    return "prctl(PR_SET_DUMPABLE) failed: $!" if syscall($number, $PR_SET_DUMPABLE, 0, 0, 0, 0) != 0;
    return "prctl(PR_SET_DUMPABLE) had no effect" if syscall($number, $PR_GET_DUMPABLE, 0, 0, 0, 0) != 0;
    return undef;
}

sub set_nonblocking {
    my ($handle) = @_;
    my $flags = fcntl($handle, F_GETFL, 0) or die "cloudtask-runner: fcntl: $!\n";
    fcntl($handle, F_SETFL, $flags | O_NONBLOCK) or die "cloudtask-runner: fcntl: $!\n";
}

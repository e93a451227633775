// Preloaded into the app child by test/faults/readonly-database.test.ts: a process running
// as root ignores file permissions, so a read-only database would not be read-only to it.
// Run as an unprivileged user instead (nobody, 65534) when started as root.
if (typeof process.getuid === "function" && process.getuid() === 0) {
  process.setgid(65534);
  process.setuid(65534);
}

# What every radiusd.conf written for a private FreeRADIUS 3 (tests and benchmarks) starts with: the Debian binaries
# and modules, and everything the server writes or reads kept under one directory of its own.
Set-StrictMode -Version 3

function Get-FreeRadiusPathSettings([Parameter(Mandatory)] [string] $Directory) {
    @"
prefix = /usr
exec_prefix = /usr
sysconfdir = /etc
localstatedir = /var
sbindir = /usr/sbin
logdir = $Directory/log
raddbdir = $Directory
radacctdir = $Directory/log
name = freeradius
confdir = $Directory
modconfdir = $Directory/mods-config
run_dir = $Directory/run
db_dir = $Directory
libdir = /usr/lib/freeradius
pidfile = $Directory/run/freeradius.pid
"@
}

Export-ModuleMember -Function Get-FreeRadiusPathSettings

<#
.SYNOPSIS
    Writes a help page skeleton in PlatyPS's markdown schema for each cmdlet of the built module that has none yet.
.DESCRIPTION
    Does what PlatyPS's New-MarkdownHelp does where PlatyPS is not installed: the SYNTAX and the yaml block of every
    parameter come from the cmdlet's metadata, and each text to write is left as a {{ Fill ... }} placeholder.
    The Pester tests refuse a page that still has a placeholder.
.EXAMPLE
    dotnet pwsh ./tools/New-HelpMarkdown.ps1
#>
param(
    [string] $ModulePath = (Join-Path $PSScriptRoot '../out/RasMfa/RasMfa.psd1'),
    [string] $OutputFolder = (Join-Path $PSScriptRoot '../docs/help')
)
$ErrorActionPreference = 'Stop'
$module = Import-Module $ModulePath -PassThru -Force
$fence = '```'
$common = [System.Management.Automation.PSCmdlet]::CommonParameters + [System.Management.Automation.PSCmdlet]::OptionalCommonParameters

function Format-Syntax($command) {
    foreach ($set in $command.ParameterSets) {
        $line = "$($command.Name) $($set.ToString())" -replace '\[-(\w+)\]', '[-$1]'
        $header = if ($command.ParameterSets.Count -gt 1) { "### $($set.Name)$(if ($set.IsDefault) { ' (Default)' })`n" } else { '' }
        "$header$fence`n$line`n$fence`n"
    }
}

function Format-Parameter($command, $name) {
    $parameter = $command.Parameters[$name]
    $attributes = $parameter.Attributes | Where-Object { $_ -is [System.Management.Automation.ParameterAttribute] }
    $sets = if ($parameter.ParameterSets.Keys -contains '__AllParameterSets' -or $command.ParameterSets.Count -eq 1) { '(All)' } else { ($parameter.ParameterSets.Keys | Sort-Object) -join ', ' }
    $first = $attributes | Select-Object -First 1
    $position = if ($first.Position -ge 0) { $first.Position } else { 'Named' }
    $pipeline = @()
    if ($attributes | Where-Object ValueFromPipeline) { $pipeline += 'ByValue' }
    if ($attributes | Where-Object ValueFromPipelineByPropertyName) { $pipeline += 'ByPropertyName' }
    $pipelineText = if ($pipeline) { "True ($($pipeline -join ', '))" } else { 'False' }
    $wildcards = [bool]($parameter.Attributes | Where-Object { $_ -is [System.Management.Automation.SupportsWildcardsAttribute] })
    $validValues = ($parameter.Attributes | Where-Object { $_ -is [System.Management.Automation.ValidateSetAttribute] }).ValidValues
    if (-not $validValues -and $parameter.ParameterType.IsEnum) { $validValues = [Enum]::GetNames($parameter.ParameterType) }
    $accepted = if ($validValues) { "`nAccepted values: $($validValues -join ', ')" } else { '' }
    $type = $parameter.ParameterType
    $typeName = if ($type.IsGenericType -and $type.GetGenericTypeDefinition() -eq [Nullable`1]) { $type.GetGenericArguments()[0].Name } else { $type.Name }
@"
### -$name
{{ Fill $name Description }}

$($fence)yaml
Type: $typeName
Parameter Sets: $sets
Aliases: $($parameter.Aliases -join ', ')$accepted

Required: $(if ($attributes | Where-Object Mandatory) { 'True' } else { 'False' })
Position: $position
Default value: None
Accept pipeline input: $pipelineText
Accept wildcard characters: $wildcards
$fence


"@
}

foreach ($command in Get-Command -Module $module.Name -CommandType Cmdlet) {
    $path = Join-Path $OutputFolder "$($command.Name).md"
    if (Test-Path $path) { continue }
    $parameters = $command.Parameters.Keys | Where-Object { $_ -notin $common -or $_ -in 'WhatIf', 'Confirm' }
    $outputs = ($command.OutputType | ForEach-Object { "### $($_.Name)`n" }) -join "`n"
    $page = @"
---
external help file: RasMfa.Cmdlets.dll-Help.xml
Module Name: RasMfa
online version:
schema: 2.0.0
---

# $($command.Name)

## SYNOPSIS
{{ Fill in the Synopsis }}

## SYNTAX

$((Format-Syntax $command) -join "`n")
## DESCRIPTION
{{ Fill in the Description }}

## EXAMPLES

### Example 1
$($fence)powershell
PS C:\> {{ Add example code here }}
$fence

{{ Add example description here }}

## PARAMETERS

$(($parameters | ForEach-Object { Format-Parameter $command $_ }) -join '')### CommonParameters
This cmdlet supports the common parameters: -Debug, -ErrorAction, -ErrorVariable, -InformationAction, -InformationVariable, -OutVariable, -OutBuffer, -PipelineVariable, -Verbose, -WarningAction, and -WarningVariable. For more information, see [about_CommonParameters](http://go.microsoft.com/fwlink/?LinkID=113216).

## INPUTS

### None

## OUTPUTS

$outputs
## NOTES

## RELATED LINKS
"@
    Set-Content -Path $path -Value $page -NoNewline
    Write-Host "Wrote $path"
}

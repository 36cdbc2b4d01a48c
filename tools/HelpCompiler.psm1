<#
    Compiles help kept in PlatyPS's markdown schema (docs/help/<Cmdlet>.md) to the MAML file PowerShell reads.
    Uses PlatyPS's New-ExternalHelp where PlatyPS is installed; otherwise this reader of the same schema.
    Sections read: SYNOPSIS, DESCRIPTION, EXAMPLES (### title, a code fence, remarks), PARAMETERS (### -Name,
    description, a yaml fence), INPUTS, OUTPUTS, NOTES, RELATED LINKS.
#>
Set-StrictMode -Version 3

function ConvertTo-RasMfaMamlHelp {
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)] [string] $MarkdownFolder,
        [Parameter(Mandatory)] [string] $OutputPath
    )
    $folder = Split-Path $OutputPath -Parent
    New-Item -ItemType Directory -Path $folder -Force | Out-Null
    $platyPS = Get-Module -ListAvailable -Name platyPS | Sort-Object Version -Descending | Select-Object -First 1
    if ($platyPS) {
        Import-Module $platyPS -Force
        $generated = New-ExternalHelp -Path $MarkdownFolder -OutputPath $folder -Force
        if ((Split-Path $generated.FullName -Leaf) -ne (Split-Path $OutputPath -Leaf)) { Move-Item $generated.FullName $OutputPath -Force }
        return
    }
    $settings = New-Object System.Xml.XmlWriterSettings
    $settings.Indent = $true
    $settings.Encoding = New-Object System.Text.UTF8Encoding($false)
    $writer = [System.Xml.XmlWriter]::Create($OutputPath, $settings)
    try {
        $writer.WriteStartDocument()
        $writer.WriteStartElement('helpItems', 'http://msh')
        $writer.WriteAttributeString('schema', 'maml')
        foreach ($file in Get-ChildItem $MarkdownFolder -Filter '*.md' | Sort-Object Name) {
            $page = Read-HelpMarkdown -Path $file.FullName
            Write-CommandMaml -Writer $writer -Page $page
        }
        $writer.WriteEndElement()
        $writer.WriteEndDocument()
    }
    finally {
        $writer.Dispose()
    }
}

function Read-HelpMarkdown {
    param([string] $Path)
    $lines = (Get-Content -LiteralPath $Path -Raw) -replace "`r", '' -split "`n"
    $page = [ordered]@{ Name = $null; Sections = [ordered]@{}; Examples = @(); Parameters = @() }
    $section = $null
    $buffer = New-Object System.Collections.Generic.List[string]
    $inFrontMatter = $false
    $flush = {
        if ($section) { $page.Sections[$section] = @($buffer) }
        $buffer.Clear()
    }
    for ($i = 0; $i -lt $lines.Count; $i++) {
        $line = $lines[$i]
        if ($i -eq 0 -and $line -eq '---') { $inFrontMatter = $true; continue }
        if ($inFrontMatter) { if ($line -eq '---') { $inFrontMatter = $false }; continue }
        if ($line -match '^# (\S+)\s*$') { $page.Name = $Matches[1]; continue }
        if ($line -match '^## (.+?)\s*$') { & $flush; $section = $Matches[1].ToUpperInvariant(); continue }
        $buffer.Add($line)
    }
    & $flush
    if (-not $page.Name) { throw "$Path has no '# Cmdlet-Name' heading." }
    if ($page.Sections.Contains('EXAMPLES')) { $page.Examples = @(Split-Subsections $page.Sections['EXAMPLES'] | ForEach-Object { Read-Example $_ }) }
    if ($page.Sections.Contains('PARAMETERS')) {
        $page.Parameters = @(Split-Subsections $page.Sections['PARAMETERS'] | Where-Object { $_.Title -like '-*' } | ForEach-Object { Read-Parameter $_ })
    }
    [pscustomobject]$page
}

function Split-Subsections {
    param([string[]] $Lines)
    $current = $null
    foreach ($line in $Lines) {
        if ($line -match '^### (.+?)\s*$') {
            if ($current) { [pscustomobject]$current }
            $current = @{ Title = $Matches[1]; Lines = New-Object System.Collections.Generic.List[string] }
        }
        elseif ($current) { $current.Lines.Add($line) }
    }
    if ($current) { [pscustomobject]$current }
}

function Get-Paragraphs {
    param([string[]] $Lines)
    $text = (($Lines | Where-Object { $_ -notmatch '^```' }) -join "`n").Trim()
    if (-not $text) { return @() }
    @($text -split "\n\s*\n" | ForEach-Object { ($_ -split "`n" | ForEach-Object { $_.Trim() }) -join ' ' })
}

function Read-Example {
    param($Subsection)
    $code = New-Object System.Collections.Generic.List[string]
    $remarks = New-Object System.Collections.Generic.List[string]
    $inCode = $false; $codeDone = $false
    foreach ($line in $Subsection.Lines) {
        if ($line -match '^```') { if ($inCode) { $inCode = $false; $codeDone = $true } elseif (-not $codeDone) { $inCode = $true }; continue }
        if ($inCode) { $code.Add($line) } elseif ($codeDone) { $remarks.Add($line) }
    }
    [pscustomobject]@{ Title = $Subsection.Title; Code = ($code -join "`n").Trim(); Remarks = Get-Paragraphs $remarks }
}

function Read-Parameter {
    param($Subsection)
    $description = New-Object System.Collections.Generic.List[string]
    $yaml = @{}
    $inYaml = $false
    foreach ($line in $Subsection.Lines) {
        if ($line -match '^```yaml') { $inYaml = $true; continue }
        if ($line -match '^```') { $inYaml = $false; continue }
        if ($inYaml) { if ($line -match '^([^:]+):\s*(.*)$') { $yaml[$Matches[1].Trim()] = $Matches[2].Trim() } }
        else { $description.Add($line) }
    }
    $get = { param($key, $default) if ($yaml.ContainsKey($key) -and $yaml[$key]) { $yaml[$key] } else { $default } }
    [pscustomobject]@{
        Name          = $Subsection.Title.TrimStart('-')
        Description   = Get-Paragraphs $description
        Type          = & $get 'Type' 'Object'
        ParameterSets = @((& $get 'Parameter Sets' '(All)') -split ',\s*')
        Aliases       = & $get 'Aliases' 'none'
        Required      = & $get 'Required' 'False'
        Position      = & $get 'Position' 'Named'
        Default       = & $get 'Default value' 'None'
        Pipeline      = & $get 'Accept pipeline input' 'False'
        Wildcards     = & $get 'Accept wildcard characters' 'False'
    }
}

function Write-Paragraphs {
    param($Writer, [string[]] $Paragraphs)
    $Writer.WriteStartElement('maml', 'description', 'http://schemas.microsoft.com/maml/2004/10')
    foreach ($paragraph in $Paragraphs) { $Writer.WriteElementString('maml', 'para', 'http://schemas.microsoft.com/maml/2004/10', $paragraph) }
    $Writer.WriteEndElement()
}

function Write-ParameterMaml {
    param($Writer, $Parameter, [switch] $InSyntax)
    $command = 'http://schemas.microsoft.com/maml/dev/command/2004/10'
    $maml = 'http://schemas.microsoft.com/maml/2004/10'
    $dev = 'http://schemas.microsoft.com/maml/dev/2004/10'
    $Writer.WriteStartElement('command', 'parameter', $command)
    $Writer.WriteAttributeString('required', $Parameter.Required.ToLowerInvariant())
    $Writer.WriteAttributeString('variableLength', 'true')
    $Writer.WriteAttributeString('globbing', $Parameter.Wildcards.ToLowerInvariant())
    $Writer.WriteAttributeString('pipelineInput', $Parameter.Pipeline)
    $Writer.WriteAttributeString('position', $Parameter.Position.ToLowerInvariant())
    $Writer.WriteAttributeString('aliases', $Parameter.Aliases)
    $Writer.WriteElementString('maml', 'name', $maml, $Parameter.Name)
    Write-Paragraphs $Writer $Parameter.Description
    if ($Parameter.Type -ne 'SwitchParameter') {
        $Writer.WriteStartElement('command', 'parameterValue', $command)
        $Writer.WriteAttributeString('required', 'true')
        $Writer.WriteString($Parameter.Type)
        $Writer.WriteEndElement()
    }
    $Writer.WriteStartElement('dev', 'type', $dev)
    $Writer.WriteElementString('maml', 'name', $maml, $Parameter.Type)
    $Writer.WriteEndElement()
    if (-not $InSyntax) { $Writer.WriteElementString('dev', 'defaultValue', $dev, $Parameter.Default) }
    $Writer.WriteEndElement()
}

function Write-TypeList {
    param($Writer, [string] $ListName, [string] $ItemName, [string[]] $Lines)
    $command = 'http://schemas.microsoft.com/maml/dev/command/2004/10'
    $maml = 'http://schemas.microsoft.com/maml/2004/10'
    $dev = 'http://schemas.microsoft.com/maml/dev/2004/10'
    $Writer.WriteStartElement('command', $ListName, $command)
    foreach ($entry in Split-Subsections $Lines) {
        $Writer.WriteStartElement('command', $ItemName, $command)
        $Writer.WriteStartElement('dev', 'type', $dev)
        $Writer.WriteElementString('maml', 'name', $maml, $entry.Title)
        $Writer.WriteEndElement()
        Write-Paragraphs $Writer (Get-Paragraphs $entry.Lines)
        $Writer.WriteEndElement()
    }
    $Writer.WriteEndElement()
}

function Write-CommandMaml {
    param($Writer, $Page)
    $command = 'http://schemas.microsoft.com/maml/dev/command/2004/10'
    $maml = 'http://schemas.microsoft.com/maml/2004/10'
    $dev = 'http://schemas.microsoft.com/maml/dev/2004/10'
    $section = { param($name) if ($Page.Sections.Contains($name)) { @($Page.Sections[$name]) } else { @() } }
    $verb, $noun = $Page.Name -split '-', 2

    $Writer.WriteStartElement('command', 'command', $command)
    $Writer.WriteAttributeString('xmlns', 'maml', $null, $maml)
    $Writer.WriteAttributeString('xmlns', 'command', $null, $command)
    $Writer.WriteAttributeString('xmlns', 'dev', $null, $dev)
    $Writer.WriteStartElement('command', 'details', $command)
    $Writer.WriteElementString('command', 'name', $command, $Page.Name)
    $Writer.WriteElementString('command', 'verb', $command, $verb)
    $Writer.WriteElementString('command', 'noun', $command, $noun)
    Write-Paragraphs $Writer (Get-Paragraphs (& $section 'SYNOPSIS'))
    $Writer.WriteEndElement()
    Write-Paragraphs $Writer (Get-Paragraphs (& $section 'DESCRIPTION'))

    $Writer.WriteStartElement('command', 'syntax', $command)
    $sets = @($Page.Parameters | ForEach-Object { $_.ParameterSets } | Where-Object { $_ -ne '(All)' } | Select-Object -Unique)
    if ($sets.Count -eq 0) { $sets = @('(All)') }
    foreach ($set in $sets) {
        $Writer.WriteStartElement('command', 'syntaxItem', $command)
        $Writer.WriteElementString('maml', 'name', $maml, $Page.Name)
        foreach ($parameter in $Page.Parameters | Where-Object { $_.ParameterSets -contains $set -or $_.ParameterSets -contains '(All)' }) {
            Write-ParameterMaml $Writer $parameter -InSyntax
        }
        $Writer.WriteEndElement()
    }
    $Writer.WriteEndElement()

    $Writer.WriteStartElement('command', 'parameters', $command)
    foreach ($parameter in $Page.Parameters) { Write-ParameterMaml $Writer $parameter }
    $Writer.WriteEndElement()

    Write-TypeList $Writer 'inputTypes' 'inputType' (& $section 'INPUTS')
    Write-TypeList $Writer 'returnValues' 'returnValue' (& $section 'OUTPUTS')

    $Writer.WriteStartElement('maml', 'alertSet', $maml)
    $Writer.WriteStartElement('maml', 'alert', $maml)
    foreach ($paragraph in Get-Paragraphs (& $section 'NOTES')) { $Writer.WriteElementString('maml', 'para', $maml, $paragraph) }
    $Writer.WriteEndElement()
    $Writer.WriteEndElement()

    $Writer.WriteStartElement('command', 'examples', $command)
    foreach ($example in $Page.Examples) {
        $Writer.WriteStartElement('command', 'example', $command)
        $Writer.WriteElementString('maml', 'title', $maml, "-------------------------- $($example.Title) --------------------------")
        $Writer.WriteElementString('dev', 'code', $dev, $example.Code)
        $Writer.WriteStartElement('dev', 'remarks', $dev)
        foreach ($paragraph in $example.Remarks) { $Writer.WriteElementString('maml', 'para', $maml, $paragraph) }
        $Writer.WriteEndElement()
        $Writer.WriteEndElement()
    }
    $Writer.WriteEndElement()

    $Writer.WriteStartElement('command', 'relatedLinks', $command)
    foreach ($line in & $section 'RELATED LINKS') {
        if ($line -match '^\s*\[(.+?)\]\((.*?)\)') {
            $Writer.WriteStartElement('maml', 'navigationLink', $maml)
            $Writer.WriteElementString('maml', 'linkText', $maml, $Matches[1])
            $Writer.WriteElementString('maml', 'uri', $maml, $Matches[2])
            $Writer.WriteEndElement()
        }
    }
    $Writer.WriteEndElement()
    $Writer.WriteEndElement()
}

Export-ModuleMember -Function ConvertTo-RasMfaMamlHelp, Read-HelpMarkdown

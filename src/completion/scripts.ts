/**
 * The completion scripts, one per shell: each hands the words typed so far to
 * `funnel __complete -- WORDS...`, which prints the candidates one per line (the logic is in
 * complete.ts, the same for every shell); with none, the shell completes file names.
 */
export const completionScripts = {
  bash: `# funnel completion for bash: source <(funnel completion bash)
_funnel() {
  local IFS=$'\\n'
  COMPREPLY=($(funnel __complete -- "\${COMP_WORDS[@]:1:COMP_CWORD}" 2>/dev/null))
}
complete -o default -F _funnel funnel
`,
  zsh: `#compdef funnel
# funnel completion for zsh: save as _funnel in a folder of $fpath, or source it
_funnel() {
  local -a candidates
  candidates=("\${(@f)$(funnel __complete -- "\${(@)words[2,CURRENT]}" 2>/dev/null)}")
  candidates=(\${candidates:#})
  if (( \${#candidates} )); then
    compadd -a candidates
  else
    _files
  fi
}
if [[ "\${funcstack[1]}" == _funnel ]]; then
  _funnel "$@"
else
  compdef _funnel funnel
fi
`,
  fish: `# funnel completion for fish: save as ~/.config/fish/completions/funnel.fish
function __funnel_complete
    set -l candidates (funnel __complete -- (commandline -opc)[2..-1] (commandline -ct) 2>/dev/null)
    if test (count $candidates) -gt 0
        printf '%s\\n' $candidates
    else
        __fish_complete_path (commandline -ct)
    end
end
complete -c funnel -f -a '(__funnel_complete)'
`,
} as const;

export type Shell = keyof typeof completionScripts;
export const shells = Object.keys(completionScripts) as Shell[];

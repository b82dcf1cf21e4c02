--[[ callouts.lua — boxed asides and code listings.

::: note / ::: failure / ::: question / ::: {.derivation title="..."}
become titled boxes ("Note", "Failure mode", "Open question", "Derivation: ...").
A code block with a tangle="mlfp/..." attribute shows the module it is tangled
into; chunk output (class "output") is set apart from code.
]]

local is_typst = FORMAT:match("typst") ~= nil

local KINDS = {
  note = "Note",
  failure = "Failure mode",
  question = "Open question",
  derivation = "Derivation",
  exercise = "Exercise",
}

local function typst_escape(s)
  return (s:gsub("([%[%]#\\%$%*_@<>`])", "\\%1"))
end

local function inlines_to_typst(inlines)
  return (pandoc.write(pandoc.Pandoc({pandoc.Plain(inlines)}), "typst"):gsub("%s+$", ""))
end

function Div(div)
  for _, c in ipairs(div.classes) do
    local label = KINDS[c]
    if label then
      local title = label
      local extra = div.attributes.title
      if extra and extra ~= "" then title = label .. ": " .. extra end
      if is_typst then
        local t = inlines_to_typst(pandoc.read(title, "markdown").blocks[1].content)
        return {pandoc.RawBlock("typst", '#callout(kind: "' .. c .. '", title: [' .. t .. "])[")}
          .. div.content .. {pandoc.RawBlock("typst", "]")}
      end
      div.classes = pandoc.List({"callout", "callout-" .. c})
      local head = pandoc.Div(pandoc.read(title, "markdown").blocks, {class = "callout-title"})
      div.content:insert(1, head)
      return div
    end
  end
end

function CodeBlock(cb)
  local target = cb.attributes.tangle
  if not target then return nil end
  cb.attributes.tangle = nil
  if is_typst then
    return {pandoc.RawBlock("typst", '#listing-file("' .. target .. '")'), cb}
  end
  return pandoc.Div({pandoc.Div({pandoc.Code(target)}, {class = "listing-file"}), cb},
                    {class = "listing"})
end

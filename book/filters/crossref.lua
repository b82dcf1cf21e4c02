--[[ crossref.lua — numbering and cross-references for PDF (Typst) and HTML.

One pass numbers, in reading order: chapters (1, 2, ... then A, B, ... after
the appendix part), sections (3.1, 3.1.2), figures, tables and labelled display
equations (3.1, 3.2, ... per chapter). A second pass replaces every @eq:, @fig:,
@sec: and @tab: reference (which pandoc reads as a citation) by a link with the
number. Both output formats get the same numbers from this one place.
A reference to a label that does not exist stops pandoc with an error.
]]

local is_typst = FORMAT:match("typst") ~= nil
local labels = {}          -- id -> {kind=, num=, title=}
local chapter = nil        -- current chapter number as string, nil in unnumbered ones
local chapter_count, appendix_count, in_appendix = 0, 0, false
local sec = {0, 0, 0, 0, 0}
local counts = {fig = 0, tab = 0, eq = 0}

local function typst_inlines(inlines)
  local doc = pandoc.Pandoc({pandoc.Plain(inlines)})
  return (pandoc.write(doc, "typst"):gsub("%s+$", ""))
end

local function typst_blocks(blocks)
  return (pandoc.write(pandoc.Pandoc(blocks), "typst"):gsub("%s+$", ""))
end

local function qualified(n)
  if chapter then return chapter .. "." .. n end
  return tostring(n)
end

local function register(id, kind, num, title)
  if id == nil or id == "" then return end
  if labels[id] then
    error("crossref: label '" .. id .. "' is defined twice")
  end
  labels[id] = {kind = kind, num = num, title = title}
end

local function has_class(el, c)
  for _, x in ipairs(el.classes or {}) do if x == c then return true end end
  return false
end

local function letter(n) return string.char(64 + n) end

------------------------------------------------------------------ headings
local function number_header(h)
  if h.level == 1 then
    counts = {fig = 0, tab = 0, eq = 0}
    sec = {0, 0, 0, 0, 0}
    if has_class(h, "part") then
      if has_class(h, "appendix-start") then in_appendix = true end
      chapter = nil
      register(h.identifier, "part", nil, pandoc.utils.stringify(h.content))
      if is_typst then
        local intro = ""
        return pandoc.RawBlock("typst", "#part-page[" .. typst_inlines(h.content) .. "]" ..
          (h.identifier ~= "" and (" <" .. h.identifier .. ">") or ""))
      end
      h.classes:insert("part-title")
      return h
    end
    if has_class(h, "unnumbered") then
      chapter = nil
      register(h.identifier, "chapter", nil, pandoc.utils.stringify(h.content))
    else
      if in_appendix then
        appendix_count = appendix_count + 1
        chapter = letter(appendix_count)
      else
        chapter_count = chapter_count + 1
        chapter = tostring(chapter_count)
      end
      register(h.identifier, in_appendix and "appendix" or "chapter", chapter,
               pandoc.utils.stringify(h.content))
    end
    if is_typst then
      local num = chapter and ('"' .. chapter .. '"') or "none"
      local kind = in_appendix and "Appendix" or "Chapter"
      return pandoc.RawBlock("typst", "#chapter-heading(number: " .. num .. ', kind: "' .. kind ..
        '")[' .. typst_inlines(h.content) .. "]" ..
        (h.identifier ~= "" and (" <" .. h.identifier .. ">") or ""))
    end
    if chapter then
      h.content:insert(1, pandoc.Span({pandoc.Str(chapter)}, {class = "secnum"}))
      h.content:insert(2, pandoc.Space())
    end
    return h
  end
  -- sections
  if has_class(h, "unnumbered") or chapter == nil then
    register(h.identifier, "section", nil, pandoc.utils.stringify(h.content))
    return h
  end
  local d = h.level - 1
  sec[d] = sec[d] + 1
  for i = d + 1, #sec do sec[i] = 0 end
  local parts = {chapter}
  for i = 1, d do table.insert(parts, tostring(sec[i])) end
  local num = table.concat(parts, ".")
  register(h.identifier, "section", num, pandoc.utils.stringify(h.content))
  h.content:insert(1, pandoc.Span({pandoc.Str(num)}, {class = "secnum"}))
  h.content:insert(2, pandoc.Space())
  return h
end

------------------------------------------------------------------ figures
local function figure_image(fig)
  local img
  fig.content:walk({Image = function(i) img = img or i end})
  return img
end

local function number_figure(fig)
  if not fig.identifier:match("^fig:") then return nil end
  counts.fig = counts.fig + 1
  local num = qualified(counts.fig)
  register(fig.identifier, "figure", num)
  local caption = pandoc.utils.blocks_to_inlines(fig.caption.long)
  if is_typst then
    local img = figure_image(fig)
    if not img then error("crossref: figure " .. fig.identifier .. " has no image") end
    local width = img.attributes.width or "85%"
    return pandoc.RawBlock("typst", string.format(
      '#figure(image("/%s", width: %s), caption: [%s], supplement: [Figure], numbering: _ => "%s") <%s>',
      img.src, width, typst_inlines(caption), num, fig.identifier))
  end
  local long = pandoc.List({pandoc.Strong({pandoc.Str("Figure " .. num .. ":")}), pandoc.Space()})
  long:extend(caption)
  fig.caption.long = {pandoc.Plain(long)}
  return fig
end

------------------------------------------------------------------ equations
-- $$...$$ {#eq:x} arrives as Math(DisplayMath) followed by Str "{#eq:x}".
local function number_equations(inlines)
  local out = pandoc.List()
  local i = 1
  local changed = false
  while i <= #inlines do
    local el = inlines[i]
    if el.t == "Math" and el.mathtype == "DisplayMath" then
      local j = i + 1
      while inlines[j] and (inlines[j].t == "Space" or inlines[j].t == "SoftBreak") do j = j + 1 end
      local lab = inlines[j] and inlines[j].t == "Str" and inlines[j].text:match("^{#(eq:[%w%-%._:]+)}$")
      if lab then
        counts.eq = counts.eq + 1
        local num = qualified(counts.eq)
        register(lab, "equation", num)
        if is_typst then
          local body = typst_inlines({el}):gsub("^%$%s*", ""):gsub("%s*%$$", "")
          out:insert(pandoc.RawInline("typst", string.format(
            '#math.equation(block: true, numbering: _ => "(%s)", supplement: [Eq.], $ %s $) <%s>',
            num, body, lab)))
        else
          out:insert(pandoc.Span({el, pandoc.Span({pandoc.Str("(" .. num .. ")")}, {class = "eqno"})},
                                 {id = lab, class = "equation"}))
        end
        i = j + 1
        changed = true
      else
        out:insert(el)
        i = i + 1
      end
    else
      out:insert(el)
      i = i + 1
    end
  end
  return changed and out or nil
end

------------------------------------------------------------------ tables
-- A table is labelled by wrapping it: ::: {#tab:x} ... :::
local function number_table_div(div)
  if not div.identifier:match("^tab:") then return nil end
  counts.tab = counts.tab + 1
  local num = qualified(counts.tab)
  register(div.identifier, "table", num)
  local found = false
  div = div:walk({Table = function(t)
    found = true
    local cap = pandoc.utils.blocks_to_inlines(t.caption.long or {})
    local long = pandoc.List({pandoc.Strong({pandoc.Str("Table " .. num .. ":")}), pandoc.Space()})
    long:extend(cap)
    t.caption.long = {pandoc.Plain(long)}
    return t
  end})
  if not found then error("crossref: " .. div.identifier .. " labels a block without a table") end
  if is_typst then
    local id = div.identifier
    div.identifier = ""
    return {pandoc.RawBlock("typst", "#block[")} .. div.content ..
           {pandoc.RawBlock("typst", "] <" .. id .. ">")}
  end
  return div
end

-- ... or by pandoc's caption attribute:  Table: caption {#tab:x}
local function number_table(t)
  if not (t.identifier or ""):match("^tab:") then return nil end
  counts.tab = counts.tab + 1
  local num = qualified(counts.tab)
  register(t.identifier, "table", num)
  local cap = pandoc.utils.blocks_to_inlines(t.caption.long or {})
  local long = pandoc.List({pandoc.Strong({pandoc.Str("Table " .. num .. ":")}), pandoc.Space()})
  long:extend(cap)
  t.caption.long = {pandoc.Plain(long)}
  return t
end

------------------------------------------------------------------ references
local NBSP = "\u{00A0}"  -- "Figure 3.1" never breaks across lines

local function ref_text(id)
  local l = labels[id]
  if l.kind == "figure" then return "Figure" .. NBSP .. l.num end
  if l.kind == "table" then return "Table" .. NBSP .. l.num end
  if l.kind == "equation" then return "(" .. l.num .. ")" end
  if l.kind == "chapter" then return l.num and ("Chapter" .. NBSP .. l.num) or l.title end
  if l.kind == "appendix" then return "Appendix" .. NBSP .. l.num end
  if l.kind == "part" then return l.title end
  return l.num and ("Section" .. NBSP .. l.num) or l.title
end

local function resolve(cite)
  local out, rest = pandoc.List(), pandoc.List()
  for _, c in ipairs(cite.citations) do
    local prefix = c.id:match("^(%a+):")
    if prefix == "eq" or prefix == "fig" or prefix == "sec" or prefix == "tab" then
      if not labels[c.id] then
        error("crossref: dangling reference @" .. c.id .. " (no {#" .. c.id .. "} in the book)")
      end
      if #out > 0 then out:insert(pandoc.Str(", ")) end
      local text = ref_text(c.id)
      if is_typst then
        out:insert(pandoc.RawInline("typst", "#link(<" .. c.id .. ">)[" .. text .. "]"))
      else
        out:insert(pandoc.Link({pandoc.Str(text)}, "#" .. c.id, "", {class = "xref"}))
      end
      -- "@sec:x [@key]" parses as one in-text citation with a suffix: keep the suffix
      if #c.suffix > 0 then out:extend(c.suffix) end
    else
      rest:insert(c)
    end
  end
  if #out == 0 then return nil end
  if #rest > 0 then
    out:insert(pandoc.Space())
    out:insert(pandoc.Cite(pandoc.List(), rest))
  end
  return out
end

function Pandoc(doc)
  -- pass 1: number everything in reading order
  doc = doc:walk({
    traverse = "topdown",
    Header = number_header,
    Figure = number_figure,
    Table = number_table,
    Div = function(d)
      if d.identifier:match("^tab:") then return number_table_div(d), false end
      return nil
    end,
    Inlines = number_equations,
  })
  -- pass 2: references
  doc = doc:walk({Cite = resolve})
  return doc
end

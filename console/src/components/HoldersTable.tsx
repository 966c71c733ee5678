import { useMemo, useRef, useState } from "react";
import { createColumnHelper, flexRender, getCoreRowModel, getSortedRowModel, useReactTable, type SortingState } from "@tanstack/react-table";
import { useVirtualizer } from "@tanstack/react-virtual";
import { formatAmount, formatShare } from "./format";

export interface HolderRow {
  rank: number;
  holder: string;
  balance: bigint;
  share: number;
}

const column = createColumnHelper<HolderRow>();
const ROW_HEIGHT = 32;

/**
 * Every holder of a token, sortable, with only the visible rows in the page (virtualised): tens of thousands of
 * rows scroll as smoothly as ten. The scroll area is focusable, so the keyboard scrolls it too.
 */
export function HoldersTable({ rows, decimals }: { rows: HolderRow[]; decimals: number }) {
  const [sorting, setSorting] = useState<SortingState>([]);
  const columns = useMemo(
    () => [
      column.accessor("rank", { header: "#", cell: (c) => c.getValue() }),
      column.accessor("holder", { header: "Holder", cell: (c) => <code>{c.getValue()}</code> }),
      column.accessor("balance", {
        header: "Balance",
        cell: (c) => formatAmount(c.getValue(), decimals),
        sortingFn: (a, b) => (a.original.balance === b.original.balance ? 0 : a.original.balance > b.original.balance ? 1 : -1),
      }),
      column.accessor("share", { header: "Share", cell: (c) => formatShare(c.getValue()) }),
    ],
    [decimals],
  );
  const table = useReactTable({
    data: rows,
    columns,
    state: { sorting },
    onSortingChange: setSorting,
    getCoreRowModel: getCoreRowModel(),
    getSortedRowModel: getSortedRowModel(),
  });
  const scroller = useRef<HTMLElement>(null);
  const tableRows = table.getRowModel().rows;
  const virtualizer = useVirtualizer({ count: tableRows.length, getScrollElement: () => scroller.current, estimateSize: () => ROW_HEIGHT, overscan: 12 });
  const items = virtualizer.getVirtualItems();
  const padTop = items.length > 0 ? items[0].start : 0;
  const padBottom = items.length > 0 ? virtualizer.getTotalSize() - items[items.length - 1].end : 0;

  return (
    <section
      ref={scroller}
      className="table-scroll"
      // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard to scroll it (WCAG 2.1.1; axe scrollable-region-focusable)
      tabIndex={0}
      aria-label={`Holders table, ${rows.length} holders`}
      data-testid="holders-table"
    >
      <table className="holders" aria-rowcount={rows.length + 1}>
        <thead>
          {table.getHeaderGroups().map((g) => (
            <tr key={g.id}>
              {g.headers.map((h) => {
                const sorted = h.column.getIsSorted();
                return (
                  <th key={h.id} aria-sort={sorted === "asc" ? "ascending" : sorted === "desc" ? "descending" : "none"}>
                    <button
                      type="button"
                      className="sort"
                      onClick={h.column.getToggleSortingHandler()}
                      aria-label={`Sort by ${String(h.column.columnDef.header)}`}
                    >
                      {flexRender(h.column.columnDef.header, h.getContext())}
                      {sorted === "asc" ? " ▲" : sorted === "desc" ? " ▼" : ""}
                    </button>
                  </th>
                );
              })}
            </tr>
          ))}
        </thead>
        <tbody>
          {padTop > 0 && (
            // biome-ignore lint/a11y/noAriaHiddenOnFocusable: an empty spacer row for the virtualised rows; a <tr> without tabindex is not focusable
            <tr aria-hidden="true">
              <td colSpan={4} style={{ height: padTop }} />
            </tr>
          )}
          {items.map((item) => {
            const row = tableRows[item.index];
            return (
              <tr key={row.id} style={{ height: ROW_HEIGHT }} aria-rowindex={item.index + 2}>
                {row.getVisibleCells().map((cell) => (
                  <td key={cell.id}>{flexRender(cell.column.columnDef.cell, cell.getContext())}</td>
                ))}
              </tr>
            );
          })}
          {padBottom > 0 && (
            // biome-ignore lint/a11y/noAriaHiddenOnFocusable: an empty spacer row for the virtualised rows; a <tr> without tabindex is not focusable
            <tr aria-hidden="true">
              <td colSpan={4} style={{ height: padBottom }} />
            </tr>
          )}
        </tbody>
      </table>
    </section>
  );
}

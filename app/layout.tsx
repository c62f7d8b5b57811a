import type { Metadata } from "next";
import type { ReactNode } from "react";
import { Providers } from "@/components/providers";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Keel", template: "%s · Keel" },
  description: "Monitor, maintain and scale machine-learning models in production.",
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen text-sm">
        <Providers>{children}</Providers>
      </body>
    </html>
  );
}

"use client";

import { ShieldCheck } from "lucide-react";
import { useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ListCard } from "@/components/ui/list-card";
import { RemovalDialog, useRemoval } from "@/components/ui/removal-dialog";
import { Td, Tr } from "@/components/ui/table";
import { useCertificates, useDeleteCertificate } from "@/lib/query/use-load-balancers";
import type { Certificate } from "@/lib/schemas/load-balancers";
import { UploadCertificateDialog } from "./upload-certificate-dialog";

const DAY = 86_400_000;

function Expiry({ iso }: { iso: string }) {
  const [now] = useState(Date.now); // once per mount: rendering stays pure
  const days = Math.floor((new Date(iso).getTime() - now) / DAY);
  const date = new Date(iso).toLocaleDateString();
  if (days < 0) return <Badge tone="red">expired {date}</Badge>;
  return (
    <span className="inline-flex items-center gap-2">
      {date}
      {days < 21 && <Badge tone="yellow">{days} days left</Badge>}
    </span>
  );
}

/** TLS certificates the routing tier serves https routes with. */
export function CertificatesCard({ clusterId, manage }: { clusterId: string; manage: boolean }) {
  const deleting = useRemoval<Certificate>(useDeleteCertificate(clusterId));
  const [uploading, setUploading] = useState(false);
  const uploadButton = manage ? (
    <Button variant="secondary" onClick={() => setUploading(true)}>
      Upload certificate
    </Button>
  ) : undefined;
  return (
    <ListCard
      title="Certificates"
      description="For https routes (routing.port_*: https://…) on the routing load balancer's port 443. Keys are stored encrypted and never shown again."
      actions={uploadButton}
      query={useCertificates(clusterId)}
      empty={{
        icon: <ShieldCheck className="size-8" aria-hidden />,
        title: "No certificates",
        body: "Upload a certificate and its key for the domains of your https routes; HAProxy picks one by the name the client asks for (SNI).",
      }}
      columns={["Name", "Domains", "Expires", "Issuer"]}
      tableLabel="Certificates"
      rows={(certificates) =>
        certificates.map((c) => (
          <Tr key={c.id} data-testid={`certificate-${c.name}`}>
            <Td className="font-medium">{c.name}</Td>
            <Td className="whitespace-normal text-xs">{c.domains.join(", ")}</Td>
            <Td>
              <Expiry iso={c.notAfter} />
            </Td>
            <Td className="max-w-xs truncate text-xs text-slate-500" title={c.issuer}>
              {c.issuer}
            </Td>
            <Td className="text-right">
              {manage && (
                <Button size="sm" variant="ghost" aria-label={`Delete certificate ${c.name}`} onClick={() => deleting.ask(c)}>
                  Delete
                </Button>
              )}
            </Td>
          </Tr>
        ))
      }
    >
      {manage && <UploadCertificateDialog clusterId={clusterId} open={uploading} onClose={() => setUploading(false)} />}
      <RemovalDialog removal={deleting} title={(c) => `Delete certificate ${c.name}?`} confirmLabel="Delete certificate">
        {(c) => <p>https routes for {c.domains.join(", ")} stop being served with it after the next sync.</p>}
      </RemovalDialog>
    </ListCard>
  );
}

import ITDCaller
print(FLT3Reference.shared.genomicSense.count)
